using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Policies.Domain;
using Gongzhi.Modules.Policies.Features.Definitions;
using Gongzhi.Modules.Policies.Features.Eligibility;
using Gongzhi.Modules.Policies.Features.Enrolments;
using Gongzhi.Modules.Policies.Features.Rules;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Policies;

public static class PoliciesApi
{
    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/policies").WithTags("Policies").RequireAuthorization(Roles.StaffPolicy);
        policies.MapGet("/", async (bool? includeRetired, PolicyService s, CancellationToken ct) =>
            {
                var items = await s.ListAsync(includeRetired ?? false, ct);
                return TypedResults.Ok(new PagedList<PolicyView>(items, items.Count));
            })
            .WithSummary("The policies in the caller's reach (those of its area, above it and below it); { items, total }.");
        policies.MapPost("/preview", PreviewAsync)
            .WithSummary("Counts who a rule selects in the caller's scope (under area when given) with a sample; an invalid rule is a 400 problem with position and reason.");
        policies.MapGet("/{id:long}", async (long id, PolicyService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(id, ct)));
        policies.MapPost("/", async (SavePolicy body, PolicyService s, CancellationToken ct) =>
        {
            var policy = await s.CreateAsync(body, ct);
            return TypedResults.Created($"/api/policies/{policy.Id}", await s.GetAsync(policy.Id, ct));
        }).WithSummary("Defines a policy (community, street and admin staff, for an area in their subtree); audited.");
        policies.MapPut("/{id:long}", async (long id, SavePolicy body, PolicyService s, CancellationToken ct) =>
        {
            await s.UpdateAsync(id, body, ct);
            return TypedResults.Ok(await s.GetAsync(id, ct));
        });
        policies.MapPost("/{id:long}/retire", async (long id, PolicyService s, CancellationToken ct) =>
        {
            await s.SetRetiredAsync(id, true, ct);
            return TypedResults.Ok(await s.GetAsync(id, ct));
        });
        policies.MapPost("/{id:long}/restore", async (long id, PolicyService s, CancellationToken ct) =>
        {
            await s.SetRetiredAsync(id, false, ct);
            return TypedResults.Ok(await s.GetAsync(id, ct));
        });
        policies.MapGet("/{id:long}/counts", async (long id, string? area, int? days, Eligibility e, CancellationToken ct) => TypedResults.Ok(await e.CountsAsync(id, area, days, ct)))
            .WithSummary("How many qualify, are enrolled, qualify and are not enrolled, are enrolled and no longer qualify, will qualify within days (default 30), under area.");
        policies.MapGet("/{id:long}/residents", ListAsync)
            .WithSummary("One list of the policy under area, paged: list = qualified, enrolled, not-enrolled (default), to-review or upcoming (within days).");
        policies.MapGet("/{id:long}/residents.xlsx", ExportAsync)
            .WithSummary("The list as .xlsx; masked unless unmasked=true, permitted and with a reason; audited.");
        policies.MapPost("/{id:long}/enrolments", async (long id, Enrol body, Enrolments s, CancellationToken ct) =>
        {
            await s.EnrolAsync(id, body, ct);
            return TypedResults.NoContent();
        }).WithSummary("Records that a resident receives the benefit (since enrolledOn, default today).");
        policies.MapPost("/{id:long}/enrolments/end", async (long id, EndEnrolment body, Enrolments s, CancellationToken ct) =>
        {
            await s.EndAsync(id, body, ct);
            return TypedResults.NoContent();
        }).WithSummary("Ends a resident's enrolment, with the reason.");
        policies.MapPost("/{id:long}/enrolments/import", async (long id, IFormFile file, Enrolments s, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            return TypedResults.Ok(await s.ImportAsync(id, stream, file.FileName, ct));
        }).RequireAuthorization(Roles.ApiUploadPolicy).DisableAntiforgery()
          .WithMetadata(new RequestSizeLimitAttribute(Enrolments.MaxBytes + 1024 * 1024))
          .WithSummary("Enrols the residents of a department's list (.xlsx, multipart field 'file', matched by ID number); answers the report with the unmatched rows. Bearer tokens only.");
        return app;
    }

    private static async Task<Results<Ok<Preview>, ProblemHttpResult>> PreviewAsync(PreviewRequest body, Eligibility eligibility, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await eligibility.PreviewAsync(body, ct));
        }
        catch (RuleException e)
        {
            return RuleProblem(RuleMessages.Describe(l, e), e.Position, e.Kind.ToString());
        }
        catch (InvalidCriterionException e)
        {
            return RuleProblem(RuleMessages.Describe(l, e), e.Position, "UnknownValue");
        }
    }

    /// <summary>A 400 problem that says where the rule went wrong (characters from its start) and why.</summary>
    public static ProblemHttpResult RuleProblem(string reason, int position, string kind) =>
        TypedResults.Problem(statusCode: 400, detail: reason, extensions: new Dictionary<string, object?>
        {
            ["position"] = position, ["reason"] = reason, ["kind"] = kind,
            ["errors"] = new Dictionary<string, string[]> { ["rule"] = [reason] },
        });

    private static async Task<Ok<PagedList<PolicyResident>>> ListAsync(long id, string? list, string? area, int? days, int? page, int? pageSize,
        Eligibility eligibility, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        TypedResults.Ok(await eligibility.ListAsync(id, ParseList(list, l), area, days, page, pageSize, ct));

    private static async Task ExportAsync(long id, string? list, string? area, int? days, string? unmasked, string? reason, Eligibility eligibility,
        IStringLocalizer<SharedResource> l, HttpContext http, CancellationToken ct)
    {
        var unmask = false;
        if (!string.IsNullOrWhiteSpace(unmasked) && !bool.TryParse(unmasked.Trim(), out unmask))
            throw AppProblem.Invalid("unmasked", l["Write true or false."]);
        var which = ParseList(list, l);
        // Everything that can refuse is decided before the first byte.
        var export = await eligibility.PrepareExportAsync(id, which, area, days, unmask, reason, ct);
        http.Response.ContentType = Xlsx.ContentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"policy-{id}-{ListName(which)}-{DateTime.UtcNow:yyyyMMdd}.xlsx\"";
        await eligibility.WriteExportAsync(export, http.Response.Body, ct);
    }

    public static string ListName(PolicyList list) => list switch
    {
        PolicyList.Qualified => "qualified", PolicyList.Enrolled => "enrolled", PolicyList.NotEnrolled => "not-enrolled",
        PolicyList.ToReview => "to-review", _ => "upcoming",
    };

    public static PolicyList ParseList(string? list, IStringLocalizer<SharedResource> l)
    {
        if (string.IsNullOrWhiteSpace(list)) return PolicyList.NotEnrolled;
        foreach (var candidate in Enum.GetValues<PolicyList>())
            if (ListName(candidate) == list.Trim().ToLowerInvariant()) return candidate;
        throw AppProblem.Invalid("list", l["{0} is not one of: {1}.", list, "qualified, enrolled, not-enrolled, to-review, upcoming"]);
    }
}
