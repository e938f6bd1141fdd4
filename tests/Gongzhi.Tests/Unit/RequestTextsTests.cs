using Xunit;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Workflow;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Tests.Unit;

/// <summary>Every channel, state and timeline event has a translatable label, so none shows as its C# name.</summary>
public sealed class RequestTextsTests
{
    private sealed class MarkingLocalizer : IStringLocalizer<SharedResource>
    {
        public LocalizedString this[string name] => new(name, "L:" + name);
        public LocalizedString this[string name, params object[] arguments] => new(name, "L:" + string.Format(name, arguments));
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    private static readonly MarkingLocalizer L = new();

    [Fact]
    public void Every_event_kind_has_a_label() =>
        Assert.All(Enum.GetValues<RequestEventKind>(), kind => Assert.StartsWith("L:", RequestTexts.Event(L, kind)));

    [Fact]
    public void Every_channel_has_a_label() =>
        Assert.All(Enum.GetValues<RequestChannel>(), channel => Assert.StartsWith("L:", RequestTexts.Channel(L, channel)));

    [Fact]
    public void Every_status_has_a_label() =>
        Assert.All(Enum.GetValues<RequestStatus>(), status => Assert.StartsWith("L:", RequestTexts.Status(L, status)));
}
