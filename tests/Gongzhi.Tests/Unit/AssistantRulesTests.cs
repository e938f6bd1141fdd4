using System.Security.Cryptography;
using Gongzhi.Modules.Assistant.Features.Questions;
using Gongzhi.Modules.Assistant.Features.Retrieval;
using Gongzhi.Modules.Assistant.Features.WeCom;
using Gongzhi.Tests.Assistant;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>The assistant's pieces without a database: the analyzer, BM25, masking and WeCom's message crypto.</summary>
public sealed class AssistantRulesTests
{
    private static readonly QuestionAnalyzer Analyzer = new(Vocabulary.Synonyms, Vocabulary.Terms, Vocabulary.Stopwords);

    [Fact]
    public void Synonyms_and_dialect_words_become_one_word_and_function_words_go()
    {
        var words = Analyzer.Words("俺家老人家咋领高龄补贴呢？");
        Assert.Contains("老年人", words);
        Assert.Contains("补贴", words);
        Assert.Contains("申请", words);
        Assert.DoesNotContain("呢", words);
        Assert.DoesNotContain("咋", words);
        Assert.DoesNotContain("俺家", words);
        // 津贴 and 补贴 are one word, so the two phrasings share their terms.
        Assert.Equal(Analyzer.Words("高龄津贴"), Analyzer.Words("高龄补贴"));
    }

    [Fact]
    public void Bigrams_let_a_typo_still_share_terms()
    {
        var typo = Analyzer.Terms("高龄补帖");
        var right = Analyzer.Terms("高龄补贴");
        Assert.Contains(typo, t => QuestionAnalyzer.IsBigram(t));
        Assert.Contains(typo.Intersect(right), t => t == "高龄" || t == "~高龄");
    }

    [Fact]
    public void Bm25_ranks_the_document_holding_the_rare_term_first_and_confidence_stays_within_0_and_1()
    {
        static IndexDocument Doc(string key, params string[] terms) => new(key, terms.GroupBy(t => t).ToDictionary(g => g.Key, g => (double)g.Count()));
        var index = new Bm25Index([Doc("a", "申请", "低保"), Doc("b", "申请", "高龄", "补贴"), Doc("c", "申请", "身份证")]);
        var hits = index.Search(new Dictionary<string, double> { ["高龄"] = 1, ["申请"] = 1 }, 3);
        Assert.Equal("b", hits[0].Key);
        Assert.All(hits, h => Assert.InRange(h.Confidence, 0, 1));
        Assert.True(index.Idf("高龄") > index.Idf("申请"));
        // A query of words the corpus has never seen matches nothing.
        Assert.Empty(index.Search(new Dictionary<string, double> { ["天气"] = 1 }, 3));
        // An unknown word beside a known one lowers the confidence of the same hit.
        var mixed = index.Search(new Dictionary<string, double> { ["高龄"] = 1, ["申请"] = 1, ["天气"] = 1 }, 3);
        Assert.True(mixed[0].Confidence < hits[0].Confidence);
    }

    [Theory]
    [InlineData("我电话13912345678，请回电", "我电话139****5678，请回电")]
    [InlineData("手机 139-1234-5678 找我", "手机 139****5678 找我")]
    [InlineData("+86 13912345678", "139****5678")]
    [InlineData("身份证370811195001011234怎么补", "身份证370811********1234怎么补")]
    [InlineData("身份证号37081119500101123X", "身份证号370811********123X")]
    [InlineData("老身份证370811500101123", "老身份证370811*****1123")]
    [InlineData("座机0537-2345678", "座机0537-********")]
    [InlineData("我家老人快80了，高龄补贴怎么领", "我家老人快80了，高龄补贴怎么领")]
    [InlineData("2024年交了300元", "2024年交了300元")]
    public void Questions_are_stored_with_phone_and_ID_numbers_masked(string question, string stored) =>
        Assert.Equal(stored, QuestionMasking.Mask(question));

    private static readonly WeComCrypto Sample = new(WeComSample.Token, WeComSample.EncodingAesKey, WeComSample.CorpId);

    [Fact]
    public void WeCom_published_url_verification_sample_verifies_and_decrypts()
    {
        Assert.Equal(WeComSample.VerifySignature, Sample.Signature(WeComSample.VerifyTimestamp, WeComSample.VerifyNonce, WeComSample.VerifyEcho));
        Assert.True(Sample.Verify(WeComSample.VerifySignature, WeComSample.VerifyTimestamp, WeComSample.VerifyNonce, WeComSample.VerifyEcho));
        Assert.Matches("^[0-9]+$", Sample.Decrypt(WeComSample.VerifyEcho));
    }

    [Fact]
    public void WeCom_published_message_sample_verifies_and_decrypts()
    {
        Assert.True(Sample.Verify(WeComSample.MessageSignature, WeComSample.MessageTimestamp, WeComSample.MessageNonce, WeComSample.MessageEncrypt));
        var xml = Sample.Decrypt(WeComSample.MessageEncrypt);
        Assert.Contains("<Content><![CDATA[hello]]></Content>", xml);
        Assert.Contains("<FromUserName><![CDATA[mycreate]]></FromUserName>", xml);
    }

    [Fact]
    public void WeCom_forged_signatures_and_other_receivers_are_refused()
    {
        Assert.False(Sample.Verify("0" + WeComSample.MessageSignature[1..], WeComSample.MessageTimestamp, WeComSample.MessageNonce, WeComSample.MessageEncrypt));
        Assert.False(Sample.Verify(WeComSample.MessageSignature, "1409659814", WeComSample.MessageNonce, WeComSample.MessageEncrypt));
        Assert.False(Sample.Verify(null, WeComSample.MessageTimestamp, WeComSample.MessageNonce, WeComSample.MessageEncrypt));
        var other = new WeComCrypto(WeComSample.Token, WeComSample.EncodingAesKey, "ww-someone-else");
        Assert.Throws<CryptographicException>(() => other.Decrypt(WeComSample.MessageEncrypt));
    }

    [Fact]
    public void WeCom_encryption_round_trips_pads_to_32_bytes_and_is_deterministic_for_a_given_random()
    {
        var random = "aaaabbbbccccdddd"u8.ToArray();
        var message = "<xml><Content><![CDATA[高龄津贴申请]]></Content></xml>";
        var encrypted = Sample.Encrypt(message, random);
        Assert.Equal(0, Convert.FromBase64String(encrypted).Length % 32);
        Assert.Equal(encrypted, Sample.Encrypt(message, random));
        Assert.NotEqual(encrypted, Sample.Encrypt(message));
        Assert.Equal(message, Sample.Decrypt(encrypted));
        Assert.Equal(message, Sample.Decrypt(Sample.Encrypt(message)));
    }
}
