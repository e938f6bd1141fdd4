using System.Threading.RateLimiting;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Assistant.Features.Knowledge;
using Gongzhi.Modules.Assistant.Features.Llm;
using Gongzhi.Modules.Assistant.Features.Questions;
using Gongzhi.Modules.Assistant.Features.Retrieval;
using Gongzhi.Modules.Assistant.Features.WeCom;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Assistant;

/// <summary>
/// The Q&amp;A assistant (智能问答): residents ask in plain Chinese on a public page, through the API or in WeCom, and get
/// the best-matching knowledge entries and service-guide matters (through the ServiceGuide contract
/// <c>IServiceCatalog</c>) with links to their sources, or are told it does not know and may pass the question to
/// staff. Staff keep the knowledge entries and answer the queue of unanswered questions.
/// </summary>
public sealed class AssistantModule : GongzhiModule
{
    public override string Name => "Assistant";

    /// <summary>Who keeps the knowledge base and answers the queue: admins, street and community staff.</summary>
    public const string EditorsPolicy = "assistant-editors";

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AssistantOptions>(configuration.GetSection(AssistantOptions.Section));
        services.Configure<WeComOptions>(configuration.GetSection($"{AssistantOptions.Section}:WeCom"));
        services.Configure<LlmOptions>(configuration.GetSection($"{AssistantOptions.Section}:Llm"));
        services.AddSingleton(sp => KnowledgeIndex.CreateAnalyzer(sp.GetRequiredService<IOptions<AssistantOptions>>()));
        services.AddSingleton<KnowledgeIndex>();
        services.AddScoped<AssistantService>();
        services.AddScoped<KnowledgeBase>();
        services.AddScoped<WeComCallback>();
        services.AddHttpClient<LlmAnswerer>();
        var perMinute = configuration.GetValue($"{AssistantOptions.Section}:AskPerMinute", new AssistantOptions().AskPerMinute);
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(AssistantOptions.AskRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1) })));
    }

    public override void AddPolicies(AuthorizationBuilder policies) =>
        policies.AddPolicy(EditorsPolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community));

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Assistant questions", "/assistant/questions", EditorsPolicy, 46),
        new("Knowledge base", "/assistant/entries", EditorsPolicy, 906, "Administration"),
    ];

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapAssistantApi();

    public override void MapForms(IEndpointRouteBuilder app) => app.MapAssistantForms();

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => AssistantDemo.SeedAsync(services, ct);
}
