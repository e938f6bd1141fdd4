namespace Gongzhi.Infrastructure.Security;

/// <summary>How personal data is shown to someone who does not hold the unmask permission.</summary>
public static class Masking
{
    /// <summary><c>370811199001011234</c> → <c>370811********1234</c>.</summary>
    public static string IdNumber(string id) =>
        id.Length <= 10 ? new string('*', id.Length) : id[..6] + new string('*', id.Length - 10) + id[^4..];

    /// <summary><c>13812345678</c> → <c>138****5678</c>.</summary>
    public static string Phone(string phone) =>
        phone.Length < 7 ? new string('*', phone.Length) : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];

    /// <summary>A person's name on a public page: <c>张三</c> → <c>张*</c>, <c>王小明</c> → <c>王*明</c>, <c>欧阳娜娜</c> → <c>欧**娜</c>.</summary>
    public static string Name(string name)
    {
        var n = name.Trim();
        return n.Length switch
        {
            0 => n,
            1 => "*",
            2 => n[..1] + "*",
            _ => n[..1] + new string('*', n.Length - 2) + n[^1..],
        };
    }
}
