using Gongzhi.Modules.Registry.Domain;

namespace Gongzhi.Demo;

/// <summary>Plausible synthetic people for the demo: Chinese names, valid resident ID numbers, mobile numbers.</summary>
public sealed class DemoPeople(Random random)
{
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱孔汤";
    private static readonly string[] MaleGiven = ["伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "建国", "建华", "志强", "国庆", "海涛", "文博", "子轩", "浩然", "宇航", "俊杰", "思远", "德胜", "永安", "立新", "振华", "兆庆", "春生", "庆祥"];
    private static readonly string[] FemaleGiven = ["芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英", "玉兰", "淑珍", "凤英", "秀兰", "欣怡", "雨涵", "梓涵", "诗琪", "佳怡", "晓燕", "海燕", "红梅", "丽华", "慧敏", "雪梅", "春燕", "美玲", "素芬", "玉梅", "金凤"];
    private static readonly string[] PhonePrefixes = ["133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "158", "159", "177", "180", "186", "187", "188", "189"];
    private readonly HashSet<string> _ids = [];

    public string Surname() => Surnames[random.Next(Surnames.Length)].ToString();

    public string Name(Sex sex, string? surname = null) =>
        (surname ?? Surname()) + (sex == Sex.Male ? MaleGiven : FemaleGiven)[random.Next(MaleGiven.Length)];

    public DateOnly BirthDate(int minAge, int maxAge, DateOnly today)
    {
        var age = random.Next(minAge, maxAge + 1);
        return today.AddYears(-age).AddDays(-random.Next(0, 365));
    }

    /// <summary>A valid, unique 18-digit ID whose birth date and sex agree with the person.</summary>
    public string IdNumber(DateOnly birth, Sex sex)
    {
        string id;
        do id = ResidentIdNumber.Create("370811", birth, random.Next(0, 500), sex);
        while (!_ids.Add(id));
        return id;
    }

    public string Phone() => PhonePrefixes[random.Next(PhonePrefixes.Length)] + random.Next(0, 100_000_000).ToString("00000000");
}
