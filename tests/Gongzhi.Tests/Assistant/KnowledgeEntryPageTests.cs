using System.Net;
using Gongzhi.Tests.Infrastructure;
using Gongzhi.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Assistant;

/// <summary>
/// Staff edit a knowledge entry on its page: a refused edit renders again with what was typed and each error beside
/// its field, changing nothing; an accepted one is saved, audited, and answers residents at once.
/// </summary>
public abstract class KnowledgeEntryPageTests(GongzhiApp app)
{
    private const string Form = "entry-edit";

    private async Task<long> NewEntryAsync(string title)
    {
        var community = await app.ClientFor("community");
        var created = await community.PostJson("/api/assistant/knowledge", new { title, questions = "图书室几点开门", answer = "每天9点到17点开放。", sourceKind = "Text" }).Ok(HttpStatusCode.Created);
        return created.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task A_refused_edit_keeps_the_input_with_field_errors_and_changes_nothing()
    {
        var title = GongzhiApp.Unique("社区图书室开放时间");
        var id = await NewEntryAsync(title);
        var browser = await PageBrowser.SignIn(app, "community");
        var (status, page) = await browser.Get($"/assistant/entries/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(title, PageBrowser.InputValue(page, "entry-edit-title"));

        var typedAnswer = GongzhiApp.Unique("冬季十点开门");
        var response = await browser.PostForm($"/assistant/entries/{id}", Form,
            ("Edit.Title", ""), ("Edit.Questions", "图书室几点开门"), ("Edit.Answer", typedAnswer), ("Edit.SourceKind", "Notice"), ("Edit.SourceRef", "abc"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("", PageBrowser.InputValue(html, "entry-edit-title"));
        Assert.Equal("abc", PageBrowser.InputValue(html, "entry-edit-sourceRef"));
        Assert.Contains(typedAnswer, html); // the answer's textarea keeps what was typed
        Assert.Contains("<option value=\"Notice\" selected", html);
        Assert.NotNull(PageBrowser.FieldError(html, "entry-edit-title"));
        Assert.NotNull(PageBrowser.FieldError(html, "entry-edit-sourceRef"));
        Assert.Null(PageBrowser.FieldError(html, "entry-edit-answer"));
        var stored = await app.Db(db => db.KnowledgeEntries.SingleAsync(e => e.Id == id));
        Assert.Equal(title, stored.Title);
        Assert.Equal("每天9点到17点开放。", stored.Answer);
    }

    [Fact]
    public async Task An_accepted_edit_is_saved_audited_and_answers_residents_at_once()
    {
        var word = GongzhiApp.Unique("青松读书角");
        var id = await NewEntryAsync(GongzhiApp.Unique("社区图书室开放时间"));
        var browser = await PageBrowser.SignIn(app, "street");
        var newTitle = $"{word}开放时间";
        var response = await browser.PostForm($"/assistant/entries/{id}", Form,
            ("Edit.Title", newTitle), ("Edit.Questions", $"{word}几点开门\n{word}周末开吗"), ("Edit.Answer", "冬季10点到16点开放。"),
            ("Edit.SourceKind", "Matter"), ("Edit.SourceRef", "elderly-allowance"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"/assistant/entries/{id}", response.Headers.Location!.ToString());
        var stored = await app.Db(db => db.KnowledgeEntries.SingleAsync(e => e.Id == id));
        Assert.Equal(newTitle, stored.Title);
        Assert.Equal($"{word}几点开门\n{word}周末开吗", stored.Questions);
        Assert.Equal(Gongzhi.Modules.Assistant.Domain.EntrySource.Matter, stored.SourceKind);
        Assert.Contains("knowledge-entry.update", await app.Db(db => db.AuditEntries.Where(a => a.EntityType == "knowledge-entry" && a.EntityId == id.ToString()).Select(a => a.Action).ToListAsync()));
        var (_, page) = await browser.Get($"/assistant/entries/{id}");
        Assert.Equal(newTitle, PageBrowser.InputValue(page, "entry-edit-title"));

        var asked = await app.Anonymous().PostJson("/api/assistant/ask", new { question = $"{word}周末开不开" }).Ok();
        var best = asked.GetProperty("answers")[0];
        Assert.Equal(newTitle, best.Str("title"));
        Assert.Equal("高龄津贴申请", best.Str("source")); // the matter it now cites
    }

    [Fact]
    public async Task Only_editors_open_an_entry_and_a_missing_one_is_not_found()
    {
        var id = await NewEntryAsync(GongzhiApp.Unique("社区图书室开放时间"));
        var (gridStatus, _) = await (await PageBrowser.SignIn(app, "grid1")).Get($"/assistant/entries/{id}");
        Assert.NotEqual(HttpStatusCode.OK, gridStatus);
        var admin = await PageBrowser.SignIn(app, "admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get("/assistant/entries/987654321")).Status);
        // The list links each entry to its page.
        var (_, list) = await admin.Get("/assistant/entries");
        Assert.Contains($"href=\"/assistant/entries/{id}\"", list);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class KnowledgeEntryPageTestsOnSqlite(SqliteApp app) : KnowledgeEntryPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class KnowledgeEntryPageTestsOnPostgres(PostgresApp app) : KnowledgeEntryPageTests(app);
