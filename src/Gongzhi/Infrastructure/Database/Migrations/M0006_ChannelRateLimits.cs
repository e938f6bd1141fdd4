using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table channel_rate_keys; table channel_rate_sends.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000006_ChannelRateLimits")]
public sealed class M0006_ChannelRateLimits : SqlMigration
{
    protected override string ScriptName => "0006_ChannelRateLimits";
}
