using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>
/// A migration written as SQL, one script per provider, embedded as <c>{Id}.Sqlite.sql</c> and <c>{Id}.Postgres.sql</c>.
/// EF's history table and transaction still apply. Write a new script with <c>schema-script</c> as a starting point
/// and let the drift test check it against the model.
/// </summary>
public abstract class SqlMigration : Migration
{
    protected abstract string ScriptName { get; }

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var provider = migrationBuilder.ActiveProvider switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => "Sqlite",
            "Npgsql.EntityFrameworkCore.PostgreSQL" => "Postgres",
            var other => throw new NotSupportedException($"No migration scripts for provider {other}."),
        };
        migrationBuilder.Sql(Read($"{ScriptName}.{provider}.sql"));
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Gongzhi migrations go forward only; restore a backup to go back.");

    private static string Read(string fileName)
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream("migrations/" + fileName)
                           ?? throw new InvalidOperationException($"Migration script {fileName} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
