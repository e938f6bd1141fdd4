using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Printing;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.PointsBank.Features.Passbook;

/// <summary>
/// The passbook (爱心存折) as a PDF in A5 (the paper booklet's size) or A4: the holder, their savings office, every
/// movement with the balance it left, and the balance now. Reads through <see cref="Passbooks"/>, so the same reach
/// applies: the holder's own account, or staff's accounts in scope.
/// </summary>
public sealed class PassbookPrint(Passbooks passbooks, PdfWriter pdf, IStringLocalizer<SharedResource> l)
{
    /// <summary>Movements printed at most; a longer history is printed from its latest pages.</summary>
    public const int MaxLines = 5000;

    public async Task<(string FileName, byte[] Content)> PdfAsync(long accountId, PaperSize paper, CancellationToken ct)
    {
        var first = await passbooks.ReadAsync(accountId, 1, 500, ct);
        var lines = new List<PassbookLine>(first.Lines);
        for (var page = 2; lines.Count < Math.Min(first.Total, MaxLines); page++)
        {
            var next = await passbooks.ReadAsync(accountId, page, 500, ct);
            if (next.Lines.Count == 0) break;
            lines.AddRange(next.Lines);
        }
        var a = first.Account;
        using var doc = pdf.Create(paper, $"爱心存折 {a.HolderName}");
        doc.Heading("爱心存折").Paragraph(l["Public-welfare points bank passbook"], center: true)
            .Space(4)
            .Paragraph($"{l["Holder"]}: {a.HolderName}    {l["Account"]}: {a.Id}")
            .Paragraph($"{l["Savings office"]}: {a.OfficeName}")
            .Space(4)
            .Table([l["Date"], l["Kind"], l["Reason"], l["Points"], l["Balance"]], [2.2, 1.3, 4, 1.2, 1.3], new HashSet<int> { 3, 4 },
                lines.Select(x => (IReadOnlyList<string>)
                [
                    BeijingTime.Date(x.PostedAt).ToString("yyyy-MM-dd"), KindText(l, x.Kind), x.Reason,
                    x.Amount > 0 ? "+" + x.Amount : x.Amount.ToString(), x.BalanceAfter.ToString(),
                ]))
            .Space(6)
            .Paragraph($"{l["Balance"]}: {a.Balance}", size: doc.BaseSize * 1.3, right: true);
        return ($"passbook-{a.Id}-{paper}.pdf", doc.ToArray());
    }

    public static string KindText(IStringLocalizer l, PointsTransactionKind kind) => kind switch
    {
        PointsTransactionKind.Earning => l["Earned"],
        PointsTransactionKind.Redemption => l["Redeemed"],
        PointsTransactionKind.RedemptionCancel => l["Redemption cancelled"],
        PointsTransactionKind.Adjustment => l["Adjustment"],
        _ => l["Reversal"],
    };
}
