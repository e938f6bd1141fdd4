using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table points_shop_item_photos.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000030_ShopItemPhotos")]
public sealed class M0030_ShopItemPhotos : SqlMigration
{
    protected override string ScriptName => "0030_ShopItemPhotos";
}
