using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>column care_entries.SmsReplyCode; column policy_reminders.SmsToHouseholdContact; table care_checkin_phones; column care_checkins.Channel; table care_door_tokens; index IX_care_entries_SmsReplyCode.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000028_CareDoorAndSms")]
public sealed class M0028_CareDoorAndSms : SqlMigration
{
    protected override string ScriptName => "0028_CareDoorAndSms";
}
