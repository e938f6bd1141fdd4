using System.Linq.Expressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Registry.Domain;

namespace Gongzhi.Modules.Registry.Features.Tags;

/// <summary>"The resident carries this tag" as a query predicate: system tags test a bit, age bands the birth date, custom tags their assignment rows.</summary>
public static class TagPredicate
{
    public static Expression<Func<Resident, bool>> Has(GongzhiDb db, TagDefinition tag, DateOnly on)
    {
        if (tag.Bit is { } bit)
        {
            var mask = 1L << bit;
            return r => (r.SystemTagBits & mask) == mask;
        }
        if (tag.Kind == TagKind.Computed)
        {
            var cutoff = SystemTags.BornOnOrBefore(SystemTags.All.First(t => t.Code == tag.Code), on)!.Value;
            return r => r.BirthDate <= cutoff;
        }
        var id = tag.Id;
        return r => db.ResidentTags.Any(t => t.ResidentId == r.Id && t.TagId == id);
    }
}
