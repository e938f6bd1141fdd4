using Gongzhi.Infrastructure.Database;
using Xunit;

namespace Gongzhi.Tests.Unit;

public sealed class IndexHintTests
{
    [Fact]
    public void A_hint_names_the_index_on_the_first_from_of_its_table_and_alias_only()
    {
        const string sql = "-- sqlite-index:residents|r|IX_residents_age\n\nSELECT COUNT(*)\nFROM \"residents\" AS \"r\"\nWHERE EXISTS (SELECT 1 FROM \"residents\" AS \"r0\" WHERE \"r0\".\"Id\" = \"r\".\"Id\")";
        var hinted = IndexHints.Apply(sql);
        Assert.Contains("FROM \"residents\" AS \"r\" INDEXED BY \"IX_residents_age\"\nWHERE", hinted);
        Assert.Contains("FROM \"residents\" AS \"r0\" WHERE", hinted);
        Assert.Equal(hinted, IndexHints.Apply(hinted)); // applied once, however often the command is executed
    }

    [Fact]
    public void Commands_without_a_hint_or_with_a_malformed_one_are_left_alone()
    {
        const string plain = "SELECT \"r\".\"Id\" FROM \"residents\" AS \"r\"";
        Assert.Equal(plain, IndexHints.Apply(plain));
        const string malformed = "-- sqlite-index:residents\nSELECT 1 FROM \"residents\" AS \"r\"";
        Assert.Equal(malformed, IndexHints.Apply(malformed));
        const string otherAlias = "-- sqlite-index:residents|x|IX_residents_age\nSELECT 1 FROM \"residents\" AS \"r\"";
        Assert.Equal(otherAlias, IndexHints.Apply(otherAlias));
    }
}
