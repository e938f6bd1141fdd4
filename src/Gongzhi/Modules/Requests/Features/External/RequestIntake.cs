using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Requests.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Categories;
using Gongzhi.Modules.Requests.Features.Workflow;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Requests.Features.External;

/// <summary>
/// Requests from systems outside Gongzhi (Open311 clients, the 12345 hotline): the same request as a staff-recorded
/// one (category service levels, encrypted phone, a Submitted event, an audit entry in the same save), placed on the
/// node the channel names, without a recording account. A hotline case is taken once: its number is unique.
/// </summary>
public sealed partial class RequestIntake(
    GongzhiDb db, CategoryCatalog categories, IAreaDirectory areas, RequestFactory factory,
    IRequestDirectory directory, IHouseholdDirectory households, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l) : IRequestIntake
{
    public const int CaseNumberMax = 64;

    [GeneratedRegex(@"^\+?[0-9][0-9\- ]{6,19}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9\-_.]*$")]
    private static partial Regex CaseNumberPattern();

    public async Task<IntakeResult> SubmitAsync(ExternalRequest input, CancellationToken ct)
    {
        var caseNumber = input.HotlineCaseNumber?.Trim();
        if (input.Channel == ExternalChannel.Hotline12345 && caseNumber is { Length: > 0 } && await ExistingAsync(caseNumber, ct) is { } existing)
            return new IntakeResult(existing, false);

        var v = new Validation();
        var description = input.Description?.Trim() ?? "";
        v.Require(description.Length is > 0 and <= RequestWorkflow.NoteMax, "description", l["Describe the request in 1 to {0} characters.", RequestWorkflow.NoteMax]);
        var name = string.IsNullOrWhiteSpace(input.SubmitterName) ? null : input.SubmitterName.Trim();
        var phone = string.IsNullOrWhiteSpace(input.SubmitterPhone) ? null : input.SubmitterPhone.Trim();
        v.Require(name is null or { Length: <= 50 }, "submitterName", l["The name is at most {0} characters.", 50]);
        v.Require(phone is null || PhonePattern().IsMatch(phone), "submitterPhone", l["Enter a valid phone number."]);
        var address = string.IsNullOrWhiteSpace(input.Address) ? null : input.Address.Trim();
        v.Require(address is null or { Length: <= 200 }, "address", l["The address is at most {0} characters.", 200]);
        v.Require(input.Latitude is null || input.Latitude is >= -90 and <= 90, "latitude", l["The position is not valid."]);
        v.Require(input.Longitude is null || input.Longitude is >= -180 and <= 180, "longitude", l["The position is not valid."]);
        v.Require((input.Latitude is null) == (input.Longitude is null), "latitude", l["Give both latitude and longitude, or neither."]);
        if (input.Channel == ExternalChannel.Hotline12345)
            v.Require(caseNumber is { Length: > 0 and <= CaseNumberMax } && CaseNumberPattern().IsMatch(caseNumber), "caseNumber",
                l["Enter the hotline's case number (letters, digits, '-', '_' or '.', at most {0} characters).", CaseNumberMax]);
        var now = clock.GetUtcNow();
        var submittedAt = input.ReceivedAt?.ToUniversalTime() ?? now;
        v.Require(submittedAt <= now.AddMinutes(5), "receivedAt", l["The time it was received cannot be in the future."]);
        RequestCategory? category = null;
        try { category = await categories.ActiveAsync(input.CategoryCode, "categoryCode", ct); }
        catch (AppProblem p) { v.Add("categoryCode", p.Detail); }
        var node = string.IsNullOrWhiteSpace(input.AreaCode) ? null : await areas.FindAsync(input.AreaCode.Trim(), ct);
        v.Require(node is { IsRetired: false }, "areaCode", l["No area node with code {0}.", input.AreaCode ?? ""]);
        v.ThrowIfInvalid();

        var hotline = input.Channel == ExternalChannel.Hotline12345;
        var request = factory.Add(new NewRequest(hotline ? RequestChannel.Hotline12345 : RequestChannel.Open311, category!, node!.Id, node.Path, description, submittedAt)
        {
            Address = address, SubmitterName = name, SubmitterPhone = phone, Latitude = input.Latitude, Longitude = input.Longitude,
            HotlineCaseNumber = hotline ? caseNumber : null,
        }, new RequestActor(null, input.Source, NameInAudit: false), $"source: {input.Source}", hotline ? $"case: {caseNumber}" : null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (caseNumber is not null && input.Channel == ExternalChannel.Hotline12345)
        {
            // The same case posted twice at once: the other post won; answer its request.
            db.ChangeTracker.Clear();
            if (await ExistingAsync(caseNumber, ct) is { } raced) return new IntakeResult(raced, false);
            throw;
        }
        return new IntakeResult((await directory.FindAsync(request.TrackingCode, ct))!, true);
    }

    public async Task<PublicRequest> RecordForHouseholdAsync(HouseholdRequest input, CancellationToken ct)
    {
        var v = new Validation();
        var description = input.Description?.Trim() ?? "";
        v.Require(description.Length is > 0 and <= RequestWorkflow.NoteMax, "description", l["Describe the request in 1 to {0} characters.", RequestWorkflow.NoteMax]);
        RequestCategory? category = null;
        try { category = await categories.ActiveAsync(input.CategoryCode, "categoryCode", ct); }
        catch (AppProblem p) { v.Add("categoryCode", p.Detail); }
        var household = await households.FindAsync(input.HouseholdId, ct);
        v.Require(household is { IsRetired: false }, "householdId", l["No household {0} is within your reach.", input.HouseholdId]);
        if (user.Id is null) v.Add("householdId", l["Sign in to record a request."]);
        v.ThrowIfInvalid();

        var name = string.IsNullOrWhiteSpace(input.ResidentName) ? null : input.ResidentName.Trim()[..Math.Min(50, input.ResidentName.Trim().Length)];
        var actor = user.DisplayName ?? user.UserName ?? "";
        var request = factory.Add(new NewRequest(RequestChannel.Snapshot, category!, household!.AreaNodeId, household.AreaPath, description, clock.GetUtcNow())
        {
            HouseholdId = household.Id, Address = household.Address, SubmitterName = name, CreatedByUserId = user.Id,
        }, new RequestActor(user.Id, actor, NameInAudit: false), $"source: {input.Source}");
        await db.SaveChangesAsync(ct);
        return (await directory.FindAsync(request.TrackingCode, ct))!;
    }

    private async Task<PublicRequest?> ExistingAsync(string caseNumber, CancellationToken ct) =>
        (await directory.HotlineCaseAsync(caseNumber, ct))?.Request;
}
