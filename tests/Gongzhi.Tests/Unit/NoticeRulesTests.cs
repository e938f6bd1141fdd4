using System.IO.Compression;
using System.Text;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Notices.Features.Attachments;
using Gongzhi.Modules.Notices.Features.Publishing;
using Gongzhi.Modules.Notifications.Senders;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>Links that leave the app, links the inbox follows, and what an attachment's content must be.</summary>
public sealed class NoticeRulesTests
{
    private static PublicLinks Links(string? configured, string? host)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PublicLinks.Setting] = configured }).Build();
        // The accessor's context flows in an AsyncLocal shared by every accessor: cleared for "no request".
        var accessor = new HttpContextAccessor { HttpContext = null };
        if (host is not null)
        {
            var context = new DefaultHttpContext();
            context.Request.Scheme = "http";
            context.Request.Host = new HostString(host);
            accessor.HttpContext = context;
        }
        return new PublicLinks(configuration, accessor);
    }

    [Fact]
    public void The_setting_wins_then_the_request_then_the_path_alone()
    {
        Assert.Equal("https://gongzhi.example.cn/n/7", Links("https://gongzhi.example.cn/", "10.0.0.5:5080").Absolute("/n/7"));
        Assert.Equal("http://10.0.0.5:5080/n/7", Links(null, "10.0.0.5:5080").Absolute("/n/7"));
        Assert.Equal("/n/7", Links(null, null).Absolute("/n/7"));
    }

    [Fact]
    public void The_inbox_follows_only_the_apps_own_links_as_local_paths()
    {
        var links = Links("https://gongzhi.example.cn", "10.0.0.5:5080");
        Assert.Equal("/n/7", links.LocalPath("https://gongzhi.example.cn/n/7"));
        Assert.Equal("/n/7?x=1", links.LocalPath("http://10.0.0.5:5080/n/7?x=1"));
        Assert.Equal("/inbox", links.LocalPath("/inbox"));
        Assert.Null(links.LocalPath("https://evil.example/n/7"));
        Assert.Null(links.LocalPath("//evil.example/n/7"));
        Assert.Null(links.LocalPath("javascript:alert(1)"));
        Assert.Null(links.LocalPath(null));
    }

    [Fact]
    public void An_sms_carries_an_absolute_link_once()
    {
        Assert.Equal("\nhttps://g.cn/n/1", HttpSmsSender.SmsLink("停水", "https://g.cn/n/1"));
        Assert.Equal("", HttpSmsSender.SmsLink("详见 https://g.cn/t/X", "https://g.cn/t/X"));
        Assert.Equal("", HttpSmsSender.SmsLink("停水", "/n/1"));
        Assert.Equal("", HttpSmsSender.SmsLink("停水", null));
    }

    private sealed class Echo : IStringLocalizer<SharedResource>
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(name, arguments));
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    private static async Task<(List<CheckedFile> Files, Validation V)> CheckAsync(params (string Name, byte[] Bytes)[] files)
    {
        var v = new Validation();
        var checker = new AttachmentFiles(Options.Create(new NoticeOptions { MaxAttachmentBytes = 1024 }), new Echo());
        var result = await checker.CheckAsync([.. files.Select(f => new IncomingFile(f.Name, f.Bytes.Length, () => new MemoryStream(f.Bytes)))], 0, v, default);
        return (result, v);
    }

    private static byte[] Zip(params string[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in entries) using (var w = new StreamWriter(zip.CreateEntry(e).Open())) w.Write("<x/>");
        return memory.ToArray();
    }

    [Fact]
    public async Task An_office_file_is_a_zip_with_its_own_part_and_a_kind_is_confirmed_by_its_magic_bytes()
    {
        var (ok, v) = await CheckAsync(("通知.docx", Zip("[Content_Types].xml", "word/document.xml")), ("表.xlsx", Zip("[Content_Types].xml", "xl/workbook.xml")),
            ("旧.doc", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), ("图.webp", Encoding.ASCII.GetBytes("RIFF\0\0\0\0WEBPVP8 ")));
        Assert.True(v.IsValid);
        Assert.Equal(["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/msword", "image/webp"], ok.Select(f => f.ContentType));

        // A spreadsheet named as a document, a plain zip, a PDF named .png, a file over the limit: all refused.
        (ok, v) = await CheckAsync(("伪装.docx", Zip("[Content_Types].xml", "xl/workbook.xml")), ("包.docx", Zip("word/document.xml")),
            ("图.png", Encoding.ASCII.GetBytes("%PDF-1.4")), ("大.pdf", [.. "%PDF-"u8, .. new byte[1024]]));
        Assert.Empty(ok);
        Assert.Equal(4, v.Errors.Single().Messages.Count);
    }

    [Fact]
    public void File_names_lose_folders_and_characters_that_break_headers()
    {
        Assert.Equal("通知.pdf", AttachmentFiles.CleanName(@"C:\Users\王\通知.pdf"));
        Assert.Equal("ab.pdf", AttachmentFiles.CleanName("a\"\r\nb.pdf"));
        Assert.Equal("attachment.pdf", AttachmentFiles.CleanName(".pdf"));
        Assert.Equal(200, AttachmentFiles.CleanName(new string('长', 300) + ".pdf").Length);
        Assert.EndsWith(".pdf", AttachmentFiles.CleanName(new string('长', 300) + ".pdf"));
    }
}
