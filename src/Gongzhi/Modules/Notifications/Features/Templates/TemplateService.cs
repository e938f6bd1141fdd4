using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notifications.Features.Templates;

public sealed record TemplateView(string Kind, string Module, IReadOnlyList<string> Variables, string Culture, string Title, string Body, bool Customized);

public sealed record TemplateInput(string? Title, string? Body);

/// <summary>The declared kinds and the texts in force for each language; admins replace texts (declared variables only).</summary>
public sealed class TemplateService(GongzhiDb db, IEnumerable<NotificationKind> kinds, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public NotificationKind? Kind(string code) => kinds.FirstOrDefault(k => k.Code == code);

    public async Task<IReadOnlyList<TemplateView>> ListAsync(CancellationToken ct)
    {
        var saved = await db.NotificationTemplates.AsNoTracking().ToListAsync(ct);
        return [.. kinds.OrderBy(k => k.Module).ThenBy(k => k.Code).SelectMany(k => TemplateText.Cultures.Select(c =>
        {
            var t = saved.FirstOrDefault(s => s.Kind == k.Code && s.Culture == c);
            var (title, body) = t is null ? Defaults(k, c) : (t.Title, t.Body);
            return new TemplateView(k.Code, k.Module, k.Variables, c, title, body, t is not null);
        }))];
    }

    public static (string Title, string Body) Defaults(NotificationKind kind, string culture) =>
        culture == "en-US" ? (kind.TitleEn, kind.BodyEn) : (kind.TitleZh, kind.BodyZh);

    public async Task<TemplateView> SaveAsync(string kindCode, string culture, TemplateInput input, CancellationToken ct)
    {
        var kind = Kind(kindCode) ?? throw AppProblem.NotFound(l["No such message kind."]);
        if (!TemplateText.Cultures.Contains(culture)) throw AppProblem.NotFound(l["No such language."]);
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(input.Title) && input.Title.Length <= 200, "title", l["A title of at most 200 characters is required."]);
        v.Require(!string.IsNullOrWhiteSpace(input.Body) && input.Body.Length <= 4000, "body", l["A text of at most 4000 characters is required."]);
        foreach (var (field, text) in new[] { ("title", input.Title), ("body", input.Body) })
            foreach (var unknown in TemplateText.Unknown(text ?? "", kind.Variables))
                v.Add(field, l["Unknown variable {0}; this kind of message has: {1}.", "{" + unknown + "}", string.Join(", ", kind.Variables)]);
        v.ThrowIfInvalid();

        var template = await db.NotificationTemplates.FirstOrDefaultAsync(t => t.Kind == kindCode && t.Culture == culture, ct);
        if (template is null)
            db.NotificationTemplates.Add(template = new NotificationTemplate { Kind = kindCode, Culture = culture, Title = "", Body = "" });
        template.Title = input.Title!.Trim();
        template.Body = input.Body!.Trim();
        template.UpdatedAt = clock.GetUtcNow();
        template.UpdatedBy = user.UserName;
        await db.SaveChangesAsync(ct);
        return new TemplateView(kind.Code, kind.Module, kind.Variables, culture, template.Title, template.Body, true);
    }

    /// <summary>Renders a kind for a language with the saved text or the kind's default.</summary>
    public async Task<(string Title, string Body)> RenderAsync(NotificationKind kind, string culture, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var saved = await db.NotificationTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Kind == kind.Code && t.Culture == culture, ct);
        var (title, body) = saved is null ? Defaults(kind, culture) : (saved.Title, saved.Body);
        return (TemplateText.Render(title, values), TemplateText.Render(body, values));
    }
}
