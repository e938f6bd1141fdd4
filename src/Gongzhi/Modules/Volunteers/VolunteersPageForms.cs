using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Volunteers.Features.Activities;
using Gongzhi.Modules.Volunteers.Features.Certificates;
using Gongzhi.Modules.Volunteers.Features.Pool;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers;

/// <summary>The volunteer pages' buttons: sign up, cancel, scan, the organiser's marks, confirmations and no-shows, verify, certificates; post/redirect/get with the outcome in a flash message.</summary>
public static class VolunteersPageForms
{
    public static IEndpointRouteBuilder MapVolunteersForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/volunteers").RequireAuthorization(Roles.SignedInPolicy).ExcludeFromDescription();
        forms.MapPost("/activities/{id:long}/signup", (long id, VolunteerActivities a, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/volunteers/activities/{id}", async () => { await a.SignUpAsync(id, default); return ($"/volunteers/activities/{id}", l["You are signed up."]); }));
        forms.MapPost("/activities/{id:long}/cancel", (long id, VolunteerActivities a, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/volunteers/activities/{id}", async () => { await a.CancelAsync(id, default); return ($"/volunteers/activities/{id}", l["Your sign-up is cancelled."]); }));
        forms.MapPost("/activities/{id:long}/scan", ScanAsync);
        forms.MapPost("/activities/{id:long}/signups/{signUpId:long}/mark", (long id, long signUpId, VolunteerActivities a, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/volunteers/activities/{id}", async () =>
            {
                var s = await a.MarkByHandAsync(id, signUpId, default);
                return ($"/volunteers/activities/{id}", l["{0}: {1}.", s.VolunteerName, Pages.VolunteerTexts.State(l, s.State)]);
            }));
        forms.MapPost("/activities/{id:long}/signups/{signUpId:long}/confirm", (long id, long signUpId, VolunteerActivities a, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/volunteers/activities/{id}", async () =>
            {
                var s = await a.ConfirmAsync(id, signUpId, new ConfirmHours(), default);
                return ($"/volunteers/activities/{id}", l["{0}: {1} hours confirmed.", s.VolunteerName, s.Hours ?? 0]);
            }));
        forms.MapPost("/activities/{id:long}/signups/{signUpId:long}/no-show", (long id, long signUpId, VolunteerActivities a, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/volunteers/activities/{id}", async () =>
            {
                var s = await a.NoShowAsync(id, signUpId, default);
                return ($"/volunteers/activities/{id}", l["{0}: {1}.", s.VolunteerName, Pages.VolunteerTexts.State(l, s.State)]);
            }));
        var staff = app.MapGroup("/forms/volunteers").RequireAuthorization(VolunteersModule.StaffPolicy).ExcludeFromDescription();
        staff.MapPost("/{id:long}/verify", (long id, VolunteerPool pool, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/volunteers", async () => { var v = await pool.VerifyAsync(id, default); return ("/volunteers", l["{0} is verified.", v.Name]); }));
        staff.MapPost("/{id:long}/certificates", (long id, ServiceCertificates certificates) =>
            FormPost.Handle("/volunteers", async () => { var c = await certificates.IssueAsync(id, default); return ($"/volunteers/certificates/{c.Id}", c.Code); }));
        return app;
    }

    private static Task<IResult> ScanAsync(long id, [FromForm] string? token, VolunteerActivities activities, IStringLocalizer<SharedResource> l) =>
        FormPost.Handle($"/volunteers/activities/{id}", async () =>
        {
            var s = await activities.ScanAsync(id, new ScanCheckIn(token), default);
            return ($"/volunteers/activities/{id}", s.State == Domain.SignUpState.CheckedIn ? l["You are checked in."] : l["You are checked out."]);
        });
}
