using Gongzhi.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gongzhi.Infrastructure.Database;

public enum DatabaseProvider { Sqlite, Postgres }

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/gongzhi.db";

    public static DatabaseProvider Provider(IConfiguration config) =>
        string.Equals(config["Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(config["Database:Provider"], "PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    /// <summary>
    /// Registers the DbContext. Provider and connection string are read when first needed, not at registration,
    /// so that every configuration source (command line, environment, test host) is already in place.
    /// </summary>
    public static IServiceCollection AddGongzhiDatabase(this IServiceCollection services)
    {
        services.AddScoped<DataScope>();
        services.AddSingleton<GroupCommit>();
        services.AddSingleton(sp => Resolve(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddDbContext<GongzhiDb>((sp, options) =>
        {
            var info = sp.GetRequiredService<DatabaseInfo>();
            Configure(options, info.Provider, info.ConnectionString);
            // Database:StrictQueries (the test host sets it): a row limit over rows in no defined order reads
            // different rows on each database and plan, so there it fails the query instead of logging a warning.
            if (sp.GetRequiredService<IConfiguration>().GetValue<bool>("Database:StrictQueries"))
                options.ConfigureWarnings(w => w.Throw(CoreEventId.RowLimitingOperationWithoutOrderByWarning, CoreEventId.FirstWithoutOrderByAndFilterWarning));
        });
        return services;
    }

    public static DatabaseInfo Resolve(IConfiguration config, string contentRoot)
    {
        var provider = Provider(config);
        var connectionString = config.GetConnectionString("Gongzhi");
        if (provider == DatabaseProvider.Sqlite) return new DatabaseInfo(provider, SqliteConnectionString(connectionString ?? DefaultSqlite, contentRoot));
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Database:Provider=Postgres needs ConnectionStrings:Gongzhi (e.g. Host=localhost;Database=gongzhi;Username=gongzhi;Password=…).");
        return new DatabaseInfo(provider, connectionString);
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Sqlite)
            options.UseSqlite(connectionString, o => o.MigrationsHistoryTable("__migrations")).AddInterceptors(new SqlitePragmas(), new SqliteIndexHintInterceptor(), WriteGate(connectionString));
        else
            options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__migrations"));
        // Migrations are hand-written SQL per provider (no model snapshot): the drift test guards the model instead.
        // Memberships and tag rows are read only through a resident already found in scope, never on their own.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning, CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));
    }

    private static SqliteWriteGate WriteGate(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        return new SqliteWriteGate(builder.DataSource, TimeSpan.FromSeconds(builder.DefaultTimeout));
    }

    /// <summary>A relative SQLite path is relative to the content root; its folder is created; WAL is enabled at migrate.</summary>
    public static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            if (!Path.IsPathRooted(builder.DataSource)) builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>SQLite cannot compare or sort DateTimeOffset in SQL; store it as a sortable integer there.</summary>
    internal static void SqliteConventions(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        conventions.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed record DatabaseInfo(DatabaseProvider Provider, string ConnectionString);
