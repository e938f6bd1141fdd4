using Gongzhi.Infrastructure;
using Gongzhi.Modules.ServiceGuide.Domain;
using Gongzhi.Modules.ServiceGuide.Features.Catalogue;
using Gongzhi.Modules.ServiceGuide.Pages;
using Xunit;

namespace Gongzhi.Tests.Unit;

public sealed class ServiceGuideRulesTests
{
    private static readonly DateOnly Friday = new(2027, 3, 5);

    [Theory]
    [InlineData(2027, 3, 5, 1, 2027, 3, 8)]   // Friday + 1 working day: Monday
    [InlineData(2027, 3, 5, 5, 2027, 3, 12)]  // a working week: next Friday
    [InlineData(2027, 3, 6, 1, 2027, 3, 8)]   // recorded on Saturday: Monday
    [InlineData(2027, 3, 7, 1, 2027, 3, 8)]   // recorded on Sunday: Monday
    [InlineData(2027, 3, 1, 20, 2027, 3, 29)] // four weeks
    [InlineData(2027, 3, 5, 0, 2027, 3, 5)]   // on the spot
    public void Working_days_skip_weekends(int y, int m, int d, int days, int ey, int em, int ed) =>
        Assert.Equal(new DateOnly(ey, em, ed), Deadlines.Due(new DateOnly(y, m, d), days, TimeLimitKind.WorkingDays));

    [Fact]
    public void Working_days_skip_configured_holidays_and_calendar_days_do_not()
    {
        var holidays = new HashSet<DateOnly> { new(2027, 3, 8), new(2027, 3, 9) };
        Assert.Equal(new DateOnly(2027, 3, 10), Deadlines.Due(Friday, 1, TimeLimitKind.WorkingDays, holidays));
        Assert.Equal(new DateOnly(2027, 3, 6), Deadlines.Due(Friday, 1, TimeLimitKind.CalendarDays, holidays));
        Assert.Equal(new DateOnly(2027, 4, 4), Deadlines.Due(Friday, 30, TimeLimitKind.CalendarDays));
        Assert.Throws<ArgumentOutOfRangeException>(() => Deadlines.Due(Friday, -1, TimeLimitKind.WorkingDays));
    }

    [Fact]
    public void Beijing_dates_turn_at_midnight_in_beijing()
    {
        Assert.Equal(new DateOnly(2027, 3, 6), BeijingTime.Date(new DateTimeOffset(2027, 3, 5, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2027, 3, 5), BeijingTime.Date(new DateTimeOffset(2027, 3, 5, 15, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Search_folds_width_and_punctuation_and_matches_synonyms_and_bigrams()
    {
        Assert.Equal("id身份证", GuideSearch.Normalize("ＩＤ　身份证！"));
        var q = GuideSearch.Normalize("老人补贴");
        Assert.Contains("高龄津贴", GuideSearch.Variants(q));
        Assert.True(GuideSearch.Score(q, GuideSearch.Variants(q), GuideSearch.Normalize("高龄津贴申请"), "") > 0);
        Assert.Equal(0, GuideSearch.Score(q, GuideSearch.Variants(q), GuideSearch.Normalize("居住证办理"), GuideSearch.Normalize("公安局 居住证明")));
        var typo = GuideSearch.Normalize("残疾人两项补帖"); // a typo in the last character still shares most bigrams
        Assert.True(GuideSearch.Score(typo, GuideSearch.Variants(typo), GuideSearch.Normalize("残疾人两项补贴"), "") > 0);
    }

    [Fact]
    public void The_edit_page_text_areas_read_back_what_they_write()
    {
        var materials = MatterText.ParseMaterials("居民身份证 | 1 | 原件和复印件\n申请表 | 2 | 原件 | 窗口领取\n残疾人证 | 1 | 复印件 | | 可选\n\n照片");
        Assert.Equal(4, materials.Count);
        Assert.Equal(("申请表", 2, MaterialForm.Original, "窗口领取", false), (materials[1].Name, materials[1].Copies!.Value, materials[1].Form!.Value, materials[1].Note, materials[1].Optional));
        Assert.True(materials[2].Optional);
        Assert.Equal((1, MaterialForm.Original), (materials[3].Copies!.Value, materials[3].Form!.Value));
        Assert.Equal((MaterialForm)0, MatterText.ParseMaterials("户口簿 | 1 | 随便")[0].Form);
        var faqs = MatterText.ParseFaqs("问：能代办吗？\n答：可以。\n需带身份证。\n问：收费吗？\n答：免费。");
        Assert.Equal([new FaqInput("能代办吗？", "可以。\n需带身份证。"), new FaqInput("收费吗？", "免费。")], faqs);
        var views = materials.Select(m => new MaterialView(m.Name!, m.Copies!.Value, m.Form!.Value, m.Note, m.Optional, null, null, null)).ToList();
        Assert.Equal(materials, MatterText.ParseMaterials(MatterText.Materials(views)));
    }

    [Fact]
    public void The_reference_catalogue_loads_and_every_life_event_in_it_is_known()
    {
        var matters = CatalogueReference.Load();
        Assert.True(matters.Count >= 30);
        Assert.All(matters, m => Assert.All(m.LifeEvents!, e => Assert.True(LifeEvents.IsKnown(e), $"{m.Name}: {e}")));
        Assert.Equal(matters.Count, matters.Select(m => m.Code).Distinct().Count());
        Assert.All(matters, m => Assert.NotEmpty(m.Faqs!));
    }
}
