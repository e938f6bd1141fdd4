using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Import;
using Gongzhi.Modules.Registry.Features.Residents;
using Xunit;

namespace Gongzhi.Tests.Unit;

public sealed class RegistryRulesTests
{
    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Spreadsheet_columns_are_named_and_parsed_back(int index, string name)
    {
        Assert.Equal(name, Xlsx.ColumnName(index));
        Assert.Equal(index, Xlsx.ColumnIndex(name + "12"));
    }

    [Theory]
    [InlineData("2015-06-01", 2015, 6, 1)]
    [InlineData("2015/6/1", 2015, 6, 1)]
    [InlineData("20150601", 2015, 6, 1)]
    [InlineData("42156", 2015, 6, 1)] // what a spreadsheet stores for a typed date
    public void Dates_are_read_as_people_and_spreadsheets_write_them(string text, int y, int m, int d)
    {
        Assert.True(Xlsx.TryParseDate(text, out var date));
        Assert.Equal(new DateOnly(y, m, d), date);
    }

    [Theory]
    [InlineData("2015-02-30")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Non_dates_are_refused(string text) => Assert.False(Xlsx.TryParseDate(text, out _));

    [Fact]
    public void Only_zip_packages_look_like_xlsx()
    {
        Assert.True(Xlsx.LooksLikeXlsx("PK\u0003\u0004rest"u8));
        Assert.False(Xlsx.LooksLikeXlsx("%PDF-1.7"u8));
        Assert.False(Xlsx.LooksLikeXlsx("PK"u8));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86", "'+86")]
    [InlineData("-3", "'-3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("张三", "张三")]
    [InlineData(null, "")]
    public void Csv_cells_are_quoted_and_defused(string? value, string written) => Assert.Equal(written, Csv.Field(value));

    [Theory]
    [InlineData("13812345678", true)]
    [InlineData("0537-2345678", true)]
    [InlineData("05372345678", true)]
    [InlineData("12812345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("phone", false)]
    public void Phones_are_mobile_or_landline(string value, bool valid) => Assert.Equal(valid, ResidentRules.IsPhone(value));

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", true)]
    [InlineData("@cmd", true)]
    [InlineData("<script>alert(1)</script>", true)]
    [InlineData("javascript:alert(1)", true)]
    [InlineData("王秀兰", false)]
    [InlineData("12-3", false)]
    public void Executable_text_is_recognised(string text, bool executable) => Assert.Equal(executable, ResidentRules.LooksExecutable(text));

    [Fact]
    public void System_tags_have_distinct_bits_and_age_bands_none()
    {
        var bits = SystemTags.All.Where(t => t.Kind == TagKind.System).Select(t => t.Bit!.Value).ToList();
        Assert.Equal(bits.Count, bits.Distinct().Count());
        Assert.All(SystemTags.All.Where(t => t.Kind == TagKind.Computed), t => Assert.Null(t.Bit));
        Assert.Equal(0b101L, SystemTags.Mask(SystemTags.LivingAlone, SystemTags.Disabled));
        Assert.Equal(0L, SystemTags.Mask(SystemTags.Elderly80));
        Assert.Equal(new DateOnly(1946, 11, 22), SystemTags.BornOnOrBefore(SystemTags.Elderly80, new DateOnly(2026, 11, 22)));
    }

    [Fact]
    public void The_form_vocabularies_round_trip()
    {
        Assert.Equal(HouseholdRelation.Spouse, RegistryForm.Lookup(RegistryForm.Relations, " 配偶 "));
        Assert.Null(RegistryForm.Lookup(RegistryForm.Residencies, "户口"));
        Assert.Equal("流动", RegistryForm.Label(RegistryForm.Residencies, ResidencyType.Floating));
        Assert.All(RegistryForm.Fields.Where(f => f.Choices is not null), f => Assert.True(string.Join(",", f.Choices!).Length < 255, "Excel list validations hold at most 255 characters"));
        Assert.Equal(RegistryForm.Fields.Count, RegistryForm.Fields.Select(f => f.Header).Distinct().Count());
    }

    [Fact]
    public void Ages_count_whole_years() =>
        Assert.Equal([79, 80, 80], new[] { new DateOnly(1946, 11, 23), new DateOnly(1946, 11, 22), new DateOnly(1946, 1, 1) }.Select(b => ResidentService.Age(b, new DateOnly(2026, 11, 22))));
}
