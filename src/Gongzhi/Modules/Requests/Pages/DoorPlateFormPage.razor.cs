using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Requests.Features.Intake;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Requests.Pages;

/// <summary>
/// The door-plate form (数字门牌码): one phone-sized screen that already knows the address. A first-time phone asks for
/// a code (the page renders again with the code field), then the request is posted with up to three photos; success
/// goes to the tracking page.
/// </summary>
public partial class DoorPlateFormPage : RecordPage<DoorPlateForm>
{
    /// <summary>The door-plate token; absent on <c>/my/requests/new</c>, the signed-in resident's own form (channel ResidentWeb).</summary>
    [Parameter] public string? Token { get; set; }
    [Inject] private PublicIntake Intake { get; set; } = default!;
    [Inject] private PhoneConfirmation Phones { get; set; } = default!;
    [Inject] protected IOptions<IntakeOptions> Options { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "submit")] public PublicRequestInput? Input { get; set; }
    [SupplyParameterFromForm(FormName = "otp")] public PhoneInput? Otp { get; set; }

    protected string? ConfirmedPhone { get; private set; }
    protected string? CodeSentTo { get; private set; }

    protected override Task<DoorPlateForm> LoadAsync()
    {
        if (Http is not null && Phones.Confirmed(Http) is { } phone) ConfirmedPhone = Masking.Phone(phone);
        return Token is null ? Intake.OwnFormAsync(default) : Intake.FormAsync(Token, default);
    }

    protected Task SubmitRequestAsync() => SubmitAsync("submit", async () =>
    {
        var files = Http?.Request.HasFormContentType == true ? Http.Request.Form.Files.GetFiles("photos") : [];
        var input = Input ?? new PublicRequestInput(null, null, null, null, null, null);
        var submitted = Token is null
            ? await Intake.SubmitForAsync(Http!, Domain.RequestChannel.ResidentWeb, await Intake.OwnHouseholdAsync(default), input, [.. files], default)
            : await Intake.SubmitAsync(Http!, Token, input, [.. files], default);
        return ((string)L["Your request was submitted. Keep this page to follow it."], $"/t/{submitted.TrackingCode}");
    });

    /// <summary>Not post/redirect/get: the page renders again at once with the code field and the phone still typed.</summary>
    protected async Task SendCodeAsync()
    {
        try
        {
            await Phones.SendAsync(Otp?.Phone, default);
            CodeSentTo = Masking.Phone(Phones.RequirePhone(Otp?.Phone));
        }
        catch (AppProblem p)
        {
            Errors = FormErrors.From("otp", p);
            SetStatus(p.Status);
        }
    }
}
