using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gongzhi.Infrastructure.Http;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) and its browsable form under <c>/api-docs/</c>: title, the bearer
/// scheme that <c>POST /api/auth/token</c> issues for, and the requirement on every operation that needs sign-in —
/// so Swagger UI offers "Authorize" and sends the token.
/// </summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "bearer";
    public const string DocsPage = "/api-docs/index.html";

    public static IServiceCollection AddGongzhiOpenApi(this IServiceCollection services)
    {
        // The menu links /api-docs/; static files serve only index.html by its name. A start-up filter puts the
        // redirect in front of the pipeline without another line in the host's middleware list.
        services.AddTransient<IStartupFilter, ApiDocsRedirect>();
        return services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer(DescribeDocument);
            o.AddOperationTransformer(RequireBearerWhereSecured);
        });
    }

    private static Task DescribeDocument(OpenApiDocument doc, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        doc.Info.Title = "Gongzhi 共治 API";
        doc.Info.Description = "Grassroots governance: area tree, accounts, registry. Sign in with POST /api/auth/token and send 'Authorization: Bearer …'.";
        doc.Components ??= new OpenApiComponents();
        doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        doc.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The access_token answered by POST /api/auth/token.",
        };
        return Task.CompletedTask;
    }

    /// <summary>An operation needs the token when its endpoint requires authorization and does not allow anonymous callers.</summary>
    private static Task RequireBearerWhereSecured(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
        return Task.CompletedTask;
    }

    private sealed class ApiDocsRedirect : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(RedirectToDocsPage);
            next(app);
        };

        private static Task RedirectToDocsPage(HttpContext http, RequestDelegate next)
        {
            var path = http.Request.Path.Value;
            if (path is not ("/api-docs" or "/api-docs/") || !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
                return next(http);
            http.Response.Redirect(DocsPage);
            return Task.CompletedTask;
        }
    }
}
