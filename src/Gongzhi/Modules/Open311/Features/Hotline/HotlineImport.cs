using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Open311.Domain;
using Gongzhi.Modules.Open311.Features.GeoReport;
using Gongzhi.Modules.Open311.Features.Keys;
using Gongzhi.Modules.Requests.Contracts;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Open311.Features.Hotline;

/// <summary>
/// A case of the 12345 hotline system. <paramref name="CategoryCode"/> is a category code or, failing that, a
/// category's exact name; <paramref name="AreaCode"/> may be left out (then <c>Open311:DefaultAreaCode</c>).
/// </summary>
public sealed record HotlineCase(string? CaseNumber, string? CategoryCode, string? AreaCode, string? Address, string? Description,
    string? SubmitterName, string? SubmitterPhone, DateTimeOffset? ReceivedAt);

/// <summary>
/// What the hotline system reads back: <paramref name="Status"/> "open" or "closed" (as Open311), the workflow's
/// <paramref name="Stage"/> (Submitted … Closed) in words too, the handler's resolution note, the resident's verdict, and the times (+08:00).
/// </summary>
public sealed record HotlineCaseView(string CaseNumber, string TrackingCode, string Status, string Stage, string StageText, string Category,
    string? ResolutionNote, bool? Satisfied, int? SatisfactionScore, string ReceivedAt, string? AcceptedAt, string? ResolvedAt, string? ClosedAt,
    string UpdatedAt, string ResolveDueAt);

/// <summary>
/// The 12345 hotline import: cases posted with a hotline API key (header <c>X-Api-Key</c>), taken once per case number
/// (a repeat answers the request already made and changes nothing), and read back by case number.
/// </summary>
public sealed class HotlineImport(IServiceProvider services, IRequestDirectory directory, ApiKeys keys, IOptions<Open311Options> options,
    IStringLocalizer<SharedResource> l)
{
    public const string KeyHeader = "X-Api-Key";

    public async Task<(HotlineCaseView Case, bool Created)> ImportAsync(string? apiKey, HotlineCase input, CancellationToken ct)
    {
        var client = await CallerAsync(apiKey, ct);
        var categoryCode = input.CategoryCode?.Trim();
        if (categoryCode is { Length: > 0 })
        {
            var categories = await directory.CategoriesAsync(ct);
            if (!categories.Any(c => c.Code == categoryCode) && categories.FirstOrDefault(c => c.Name == categoryCode) is { } byName) categoryCode = byName.Code;
        }
        var areaCode = string.IsNullOrWhiteSpace(input.AreaCode) ? options.Value.DefaultAreaCode : input.AreaCode;
        var request = new ExternalRequest(ExternalChannel.Hotline12345, $"hotline:{client.Name}", categoryCode, areaCode, input.Address, input.Description,
            input.SubmitterName, input.SubmitterPhone, HotlineCaseNumber: input.CaseNumber, ReceivedAt: input.ReceivedAt);
        var result = await services.AsSystemAsync(sp => sp.GetRequiredService<IRequestIntake>().SubmitAsync(request, ct));
        return (await ReadAsync(input.CaseNumber!.Trim(), ct), result.Created);
    }

    public async Task<HotlineCaseView> GetAsync(string? apiKey, string caseNumber, CancellationToken ct)
    {
        await CallerAsync(apiKey, ct);
        return await ReadAsync(caseNumber.Trim(), ct);
    }

    private async Task<HotlineCaseView> ReadAsync(string caseNumber, CancellationToken ct)
    {
        var found = await directory.HotlineCaseAsync(caseNumber, ct) ?? throw AppProblem.NotFound(l["No hotline case {0} was imported.", caseNumber]);
        var r = found.Request;
        static string? T(DateTimeOffset? t) => t is { } v ? GeoReportFormat.Time(v) : null;
        return new HotlineCaseView(found.CaseNumber, r.TrackingCode, GeoReportFormat.Status(r.IsClosed), r.Status, r.StatusText, r.CategoryCode,
            found.ResolutionNote, r.Satisfied, r.SatisfactionScore, GeoReportFormat.Time(r.SubmittedAt), T(r.AcceptedAt), T(r.ResolvedAt), T(r.ClosedAt),
            GeoReportFormat.Time(r.UpdatedAt), GeoReportFormat.Time(r.ResolveDueAt));
    }

    private async Task<ApiCaller> CallerAsync(string? apiKey, CancellationToken ct) =>
        await keys.AuthenticateAsync(apiKey, ApiClientKind.Hotline, ct)
        ?? throw new AppProblem(StatusCodes.Status401Unauthorized, l["A valid hotline API key is required (header {0}).", KeyHeader]);
}
