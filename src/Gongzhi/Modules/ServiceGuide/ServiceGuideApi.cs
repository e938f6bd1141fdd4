using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.ServiceGuide.Features.Catalogue;
using Gongzhi.Modules.ServiceGuide.Features.Window;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gongzhi.Modules.ServiceGuide;

/// <summary>The guide (public reads, edits by admins and street staff) and the window's applications over HTTP.</summary>
public static class ServiceGuideApi
{
    public static IEndpointRouteBuilder MapServiceGuideApi(this IEndpointRouteBuilder app)
    {
        var guide = app.MapGroup("/api/guide").WithTags("Service guide");
        guide.MapGet("/matters", ListMatters).AllowAnonymous()
            .WithSummary("The catalogue (public): optionally searched (q: name, department, eligibility, materials, FAQs; Chinese without spaces works), by life event or department; best match first, paged.");
        guide.MapGet("/groups", Groups).AllowAnonymous().WithSummary("The life events and departments of the catalogue with how many matters each holds (public).");
        guide.MapGet("/matters/{id:long}", GetMatter).AllowAnonymous().WithSummary("One matter with its materials (and sample files), steps, time limit, fees, window and FAQs (public).");
        guide.MapGet("/samples/{id:long}", Sample).AllowAnonymous().WithSummary("A material's sample file (public).");
        guide.MapPost("/matters", CreateMatter).RequireAuthorization(ServiceGuideModule.EditorsPolicy).WithSummary("Adds a matter to the catalogue (admins and street staff).");
        guide.MapPut("/matters/{id:long}", UpdateMatter).RequireAuthorization(ServiceGuideModule.EditorsPolicy).WithSummary("Replaces a matter (every field at once).");
        guide.MapDelete("/matters/{id:long}", DeleteMatter).RequireAuthorization(ServiceGuideModule.EditorsPolicy)
            .WithSummary("Removes a matter no application was recorded for (409 otherwise).");
        guide.MapPost("/matters/{id:long}/samples", UploadSample).RequireAuthorization(Roles.ApiUploadPolicy, ServiceGuideModule.EditorsPolicy).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(ServiceCatalogue.MaxSampleBytes + 64 * 1024))
            .WithSummary("Stores the sample file of one of the matter's materials (multipart: material, file; JPEG, PNG or PDF up to 2 MB).");

        var window = app.MapGroup("/api/window/applications").WithTags("Service guide").RequireAuthorization(ServiceGuideModule.WindowPolicy);
        window.MapGet("/", ListApplications)
            .WithSummary("Window applications in reach (area: a node's code), newest first, with filters (status, overdue, q: resident, matter or address) and paging.");
        window.MapPost("/", RecordApplication)
            .WithSummary("Records an application for a resident of the caller's area: matterId, residentId, receivedMaterials (names), proxyName (代办人), note. The deadline follows the matter's time limit.");
        window.MapGet("/{id:long}", GetApplication).WithSummary("One application with its checklist of materials.");
        window.MapPost("/{id:long}/submit", Submit).WithSummary("Taken to the department (every required material received; tick late ones in receivedMaterials).");
        window.MapPost("/{id:long}/complete", Complete).WithSummary("Completed by the department.");
        window.MapPost("/{id:long}/return", Return).WithSummary("Returned, with the reason (note) the resident is texted.");
        return app;
    }

    private static async Task<Ok<Gongzhi.Infrastructure.Http.PagedList<MatterSummary>>> ListMatters([AsParameters] MatterQuery query, ServiceCatalogue catalogue, CancellationToken ct) =>
        TypedResults.Ok(await catalogue.ListAsync(query, ct));

    private static async Task<Ok<GuideGroups>> Groups(ServiceCatalogue catalogue, CancellationToken ct) => TypedResults.Ok(await catalogue.GroupsAsync(ct));

    private static async Task<Ok<MatterDetail>> GetMatter(long id, ServiceCatalogue catalogue, CancellationToken ct) => TypedResults.Ok(await catalogue.GetAsync(id, ct));

    private static async Task<FileContentHttpResult> Sample(long id, ServiceCatalogue catalogue, CancellationToken ct)
    {
        var (name, type, content) = await catalogue.SampleAsync(id, ct);
        return TypedResults.File(content, type, name);
    }

    private static async Task<Created<MatterDetail>> CreateMatter(SaveMatter body, ServiceCatalogue catalogue, CancellationToken ct)
    {
        var created = await catalogue.CreateAsync(body, ct);
        return TypedResults.Created($"/api/guide/matters/{created.Id}", created);
    }

    private static async Task<Ok<MatterDetail>> UpdateMatter(long id, SaveMatter body, ServiceCatalogue catalogue, CancellationToken ct) =>
        TypedResults.Ok(await catalogue.UpdateAsync(id, body, ct));

    private static async Task<NoContent> DeleteMatter(long id, ServiceCatalogue catalogue, CancellationToken ct)
    {
        await catalogue.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MatterDetail>> UploadSample(long id, [FromForm] string? material, IFormFile? file, ServiceCatalogue catalogue, CancellationToken ct)
    {
        await using var stream = file?.OpenReadStream() ?? Stream.Null;
        return TypedResults.Ok(await catalogue.SaveSampleAsync(id, material, file?.FileName, stream, file?.Length ?? 0, ct));
    }

    private static async Task<Ok<Gongzhi.Infrastructure.Http.PagedList<ApplicationSummary>>> ListApplications([AsParameters] ApplicationFilter filter, WindowApplications window, CancellationToken ct) =>
        TypedResults.Ok(await window.ListAsync(filter, ct));

    private static async Task<Created<ApplicationDetail>> RecordApplication(RecordApplication body, WindowApplications window, CancellationToken ct)
    {
        var created = await window.RecordAsync(body, ct);
        return TypedResults.Created($"/api/window/applications/{created.Application.Id}", created);
    }

    private static async Task<Ok<ApplicationDetail>> GetApplication(long id, WindowApplications window, CancellationToken ct) => TypedResults.Ok(await window.GetAsync(id, ct));

    private static async Task<Ok<ApplicationDetail>> Submit(long id, ApplicationStep body, WindowApplications window, CancellationToken ct) =>
        TypedResults.Ok(await window.SubmitAsync(id, body, ct));

    private static async Task<Ok<ApplicationDetail>> Complete(long id, ApplicationStep body, WindowApplications window, CancellationToken ct) =>
        TypedResults.Ok(await window.CompleteAsync(id, body, ct));

    private static async Task<Ok<ApplicationDetail>> Return(long id, ApplicationStep body, WindowApplications window, CancellationToken ct) =>
        TypedResults.Ok(await window.ReturnAsync(id, body, ct));
}
