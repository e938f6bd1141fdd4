using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Requests.Features.Intake;
using Gongzhi.Modules.Requests.Features.Workflow;
using Microsoft.AspNetCore.Components;

namespace Gongzhi.Modules.Requests.Pages;

/// <summary>
/// The tracking link (<c>/t/{code}</c>): status, the public timeline and photos for anyone holding the link; adding
/// information and rating for the submitter, proven by the confirmed-phone cookie for the request's phone (or a code
/// sent to that phone here).
/// </summary>
public partial class TrackingPage : RecordPage<TrackingView>
{
    [Parameter] public string Code { get; set; } = "";
    [Inject] private PublicIntake Intake { get; set; } = default!;
    [Inject] private PhoneConfirmation Phones { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "rate")] public FeedbackInput? Rating { get; set; }
    [SupplyParameterFromForm(FormName = "supplement")] public SupplementInput? More { get; set; }
    [SupplyParameterFromForm(FormName = "confirm-send")] public PhoneInput? Phone { get; set; }
    [SupplyParameterFromForm(FormName = "confirm")] public PhoneCodeInput? Confirm { get; set; }

    protected bool CodeSent { get; private set; }

    protected override Task<TrackingView> LoadAsync() => Intake.TrackAsync(Http, Code, default);

    protected static string Time(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm");

    protected Task RateAsync() => SubmitAsync("rate", async () =>
    {
        await Intake.RateAsync(Http!, Code, Rating ?? new FeedbackInput(null, null, null), default);
        return (string)L["Thank you for your rating."];
    });

    protected Task SupplementAsync() => SubmitAsync("supplement", async () =>
    {
        var files = Http?.Request.HasFormContentType == true ? Http.Request.Form.Files.GetFiles("photos") : [];
        await Intake.SupplementAsync(Http!, Code, More ?? new SupplementInput(null), [.. files], default);
        return (string)L["Added."];
    });

    protected Task ConfirmAsync() => SubmitAsync("confirm", async () =>
    {
        await Intake.ConfirmSubmitterAsync(Http!, Code, Confirm ?? new PhoneCodeInput(null, null), default);
        return (string)L["Phone confirmed."];
    });

    /// <summary>Sends a code only to the request's own phone; the page renders again at once with the code field.</summary>
    protected async Task SendCodeAsync()
    {
        try
        {
            var phone = Phones.RequirePhone(Phone?.Phone);
            if (Record is null || !await Intake.IsPhoneOfAsync(Code, phone, default))
                throw AppProblem.Forbidden(L["Only the person who submitted this request may do this: confirm the phone number it was submitted with."]);
            await Phones.SendAsync(phone, default);
            CodeSent = true;
        }
        catch (AppProblem p)
        {
            Errors = FormErrors.From("confirm-send", p);
            SetStatus(p.Status);
        }
    }
}
