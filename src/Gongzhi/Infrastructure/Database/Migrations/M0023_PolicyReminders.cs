using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>column policies.ReminderLeadTimes; table policy_reminders.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000023_PolicyReminders")]
public sealed class M0023_PolicyReminders : SqlMigration
{
    protected override string ScriptName => "0023_PolicyReminders";
}
