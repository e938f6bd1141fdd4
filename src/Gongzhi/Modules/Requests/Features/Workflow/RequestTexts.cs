using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Requests.Features.Workflow;

/// <summary>Labels of the request's enums and steps in the caller's language (the stored values stay language-free).</summary>
public static class RequestTexts
{
    public static string Status(IStringLocalizer<SharedResource> l, RequestStatus status) => status switch
    {
        RequestStatus.Submitted => l["Waiting to be accepted"],
        RequestStatus.Accepted => l["Accepted, not yet dispatched"],
        RequestStatus.Assigned => l["Dispatched"],
        RequestStatus.InProgress => l["In progress"],
        RequestStatus.Resolved => l["Resolved, awaiting feedback"],
        RequestStatus.AwaitingReturnVisit => l["Awaiting return visit"],
        RequestStatus.Closed => l["Closed (status)"],
        _ => status.ToString(),
    };

    public static string Verb(IStringLocalizer<SharedResource> l, string action) => action switch
    {
        "accept" => l["accept"],
        "assign" => l["dispatch or transfer"],
        "return" => l["return"],
        "start" => l["start"],
        "resolve" => l["resolve"],
        "rate" => l["rate"],
        "whistle" => l["whistle departments in on"],
        "report in on" => l["report in on"],
        "act on" => l["act on"],
        _ => l["record a return visit for"],
    };

    public static string Channel(IStringLocalizer<SharedResource> l, RequestChannel channel) => channel switch
    {
        RequestChannel.DoorPlate => l["Door-plate code"],
        RequestChannel.ResidentWeb => l["Resident online"],
        RequestChannel.Window => l["Community window"],
        RequestChannel.Phone => l["Phone call"],
        RequestChannel.SecretarySession => l["Secretary's session"],
        RequestChannel.Snapshot => l["Snapshot"],
        RequestChannel.Hotline12345 => l["12345 hotline"],
        RequestChannel.Open311 => l["Open311 client"],
        _ => channel.ToString(),
    };

    public static string Event(IStringLocalizer<SharedResource> l, RequestEventKind kind) => kind switch
    {
        RequestEventKind.Submitted => l["Submitted"],
        RequestEventKind.Accepted => l["Accepted"],
        RequestEventKind.Assigned => l["Assigned"],
        RequestEventKind.Transferred => l["Transferred"],
        RequestEventKind.Returned => l["Returned"],
        RequestEventKind.Started => l["Started"],
        RequestEventKind.Resolved => l["Resolved"],
        RequestEventKind.Feedback => l["Resident feedback"],
        RequestEventKind.Reopened => l["Reopened"],
        RequestEventKind.ReturnVisit => l["Return visit"],
        RequestEventKind.Closed => l["Closed"],
        RequestEventKind.Whistled => l["Whistle blown"],
        RequestEventKind.ReportedIn => l["Reported in"],
        RequestEventKind.DepartmentActed => l["Department acted"],
        RequestEventKind.Overdue => l["Went overdue"],
        RequestEventKind.Supplemented => l["Resident added information"],
        RequestEventKind.Supervised => l["Supervision (督办) flagged"],
        RequestEventKind.SupervisionEnded => l["Supervision (督办) ended"],
        RequestEventKind.LinkedDuplicate => l["Linked as a duplicate"],
        _ => kind.ToString(),
    };
}
