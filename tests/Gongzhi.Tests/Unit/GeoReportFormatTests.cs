using System.Xml.Linq;
using Gongzhi.Modules.Open311.Features.GeoReport;
using Gongzhi.Modules.Requests.Features.External;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>The pure GeoReport v2 rules: status values, times with +08:00, the date window, the shapes, names, redaction.</summary>
public sealed class GeoReportFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Status_is_open_until_resolved_then_closed()
    {
        Assert.Equal("open", GeoReportFormat.Status(false));
        Assert.Equal("closed", GeoReportFormat.Status(true));
        Assert.Null(GeoReportFormat.ParseStatusFilter(null));
        Assert.Null(GeoReportFormat.ParseStatusFilter("open,closed"));
        Assert.False(GeoReportFormat.ParseStatusFilter("open"));
        Assert.True(GeoReportFormat.ParseStatusFilter(" Closed "));
        Assert.Equal(400, Assert.Throws<GeoReportError>(() => GeoReportFormat.ParseStatusFilter("pending")).Status);
    }

    [Fact]
    public void Times_are_written_in_china_time_with_their_offset_and_read_in_iso_8601()
    {
        Assert.Equal("2026-11-29T16:00:00+08:00", GeoReportFormat.Time(Now));
        Assert.Equal(Now, GeoReportFormat.ParseTime("2026-11-29T08:00:00Z"));
        Assert.Equal(Now, GeoReportFormat.ParseTime("2026-11-29T16:00:00+08:00"));
        Assert.Equal(Now, GeoReportFormat.ParseTime("2026-11-29T03:00:00-05:00"));
        // Without an offset: China time.
        Assert.Equal(Now, GeoReportFormat.ParseTime("2026-11-29T16:00:00"));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.FromHours(8)), GeoReportFormat.ParseTime("2026-11-29"));
        Assert.Null(GeoReportFormat.ParseTime("yesterday"));
        Assert.Null(GeoReportFormat.ParseTime("2026-13-01"));
    }

    [Fact]
    public void The_window_defaults_to_ninety_days_and_refuses_longer_or_backward_ones()
    {
        Assert.Equal((Now.AddDays(-90), Now), GeoReportFormat.Window(null, null, Now, 90));
        var start = GeoReportFormat.ParseTime("2026-10-01")!.Value;
        Assert.Equal((start, start.AddDays(90)), GeoReportFormat.Window("2026-10-01", null, Now, 90));
        Assert.Equal((start.AddDays(-90), start), GeoReportFormat.Window(null, "2026-10-01", Now, 90));
        Assert.Throws<GeoReportError>(() => GeoReportFormat.Window("2026-01-01", "2026-10-01", Now, 90));
        Assert.Throws<GeoReportError>(() => GeoReportFormat.Window("2026-10-02", "2026-10-01", Now, 90));
        Assert.Throws<GeoReportError>(() => GeoReportFormat.Window("soon", null, Now, 90));
    }

    [Fact]
    public void Errors_have_the_specifications_shape_in_both_formats()
    {
        Assert.Equal("""[{"code":403,"description":"api_key invalid"}]""", GeoReportFormat.Errors("json", 403, ["api_key invalid"]));
        var xml = XDocument.Parse(GeoReportFormat.Errors("xml", 404, ["a", "b"])).Root!;
        Assert.Equal("errors", xml.Name.LocalName);
        Assert.Equal(["404", "404"], xml.Elements("error").Select(e => e.Element("code")!.Value));
        Assert.Equal(["a", "b"], xml.Elements("error").Select(e => e.Element("description")!.Value));
        var row = new GeoRow().Add("lat", 35.5).Add("metadata", false).Add("address", null);
        Assert.Equal("""[{"lat":35.5,"metadata":false,"address":null}]""", GeoReportFormat.Render("json", "r", "i", [row]));
        Assert.Equal("<r><i><lat>35.5</lat><metadata>false</metadata><address /></i></r>", XDocument.Parse(GeoReportFormat.Render("xml", "r", "i", [row])).Root!.ToString(SaveOptions.DisableFormatting));
    }

    [Fact]
    public void Names_and_free_text_are_handled_as_people_expect()
    {
        Assert.Equal("李四", GeoReport.Name("四", "李"));
        Assert.Equal("Ada Lovelace", GeoReport.Name("Ada", "Lovelace"));
        Assert.Equal("王", GeoReport.Name(null, "王"));
        Assert.Equal("请联系139****4321或053*****4567，邮箱***@***", RequestDirectory.Redact("请联系13987654321或0537-1234567，邮箱wang@example.com"));
    }
}
