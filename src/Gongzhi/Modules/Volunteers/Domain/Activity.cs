using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Volunteers.Domain;

/// <summary>
/// An activity (菜单式) published by staff or a team leader: when and where, the skills it needs, how many may sign
/// up until when, and the points it earns (per hour attended, or per activity). <see cref="SignedUp"/> counts the
/// live sign-ups and is raised only by a conditional update below <see cref="Capacity"/>, so two last-seat sign-ups
/// cannot both win. <see cref="QrSecret"/> keys the rotating check-in code shown at the site.
/// </summary>
[Display(Name = "Volunteer activities")]
public sealed class VolunteerActivity : IAreaScoped
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public required string Category { get; set; }
    public required string Place { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public DateTimeOffset SignUpDeadline { get; set; }
    public int Capacity { get; set; }
    public int SignedUp { get; set; }
    public required string NeededSkills { get; set; }
    public int PointsPerHour { get; set; }
    public int PointsPerActivity { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public long? TeamId { get; set; }
    public required string OrganizerUserId { get; set; }
    public required string OrganizerName { get; set; }
    public required string QrSecret { get; set; }
    public bool Cancelled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Where a sign-up stands.</summary>
public enum SignUpState { SignedUp = 1, Cancelled = 2, CheckedIn = 3, CheckedOut = 4, Confirmed = 5, NoShow = 6 }

/// <summary>
/// A volunteer's sign-up for an activity, with attendance: checked in and out (by the site's QR code or by hand),
/// the hours, the organiser's confirmation and the points the bank credited. One per volunteer and activity.
/// </summary>
[Display(Name = "Activity sign-ups")]
public sealed class ActivitySignUp : IAreaScoped
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    public long VolunteerId { get; set; }
    public required string VolunteerName { get; set; }
    public string? VolunteerUserId { get; set; }
    public required string AreaPath { get; set; }
    public SignUpState State { get; set; }
    public DateTimeOffset SignedUpAt { get; set; }
    public DateTimeOffset? CheckedInAt { get; set; }
    public DateTimeOffset? CheckedOutAt { get; set; }
    public int? Minutes { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public string? ConfirmedBy { get; set; }
    public int? Points { get; set; }
}

/// <summary>Where a service order stands.</summary>
public enum OrderState { Open = 1, Claimed = 2, Done = 3, Cancelled = 4 }

/// <summary>
/// A service ordered by a resident (点单式), or by staff for them: a skill of the catalogue, where and what; a
/// volunteer with that skill claims it, does it, and it is rated; the volunteer earns points.
/// </summary>
[Display(Name = "Service orders")]
public sealed class ServiceOrder : IAreaScoped
{
    public long Id { get; set; }
    public required string SkillCode { get; set; }
    public required string Description { get; set; }
    public long? ResidentId { get; set; }
    public required string RequesterName { get; set; }
    public string? RequesterUserId { get; set; }
    public required string Address { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public OrderState State { get; set; }
    public long? VolunteerId { get; set; }
    public string? VolunteerName { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public int? Minutes { get; set; }
    public int? Rating { get; set; }
    public int? Points { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A certificate of service hours (社会实践证明) as issued: the hours at issue time and a verification code anyone
/// can check on the public page (which shows the name and hours only).
/// </summary>
[Display(Name = "Service certificates")]
public sealed class ServiceCertificate : IAreaScoped
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public long VolunteerId { get; set; }
    public required string VolunteerName { get; set; }
    public string? School { get; set; }
    public int Minutes { get; set; }
    public int Activities { get; set; }
    public required string AreaPath { get; set; }
    public required string IssuedBy { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
}
