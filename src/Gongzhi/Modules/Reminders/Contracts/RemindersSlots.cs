namespace Gongzhi.Modules.Reminders.Contracts;

/// <summary>Slots of the reminders pages other modules may fill (<c>PageSections</c> in their entry point).</summary>
public static class RemindersSlots
{
    /// <summary>The grid worker's "today" page (<c>/today</c>), below the reminders due; components get no parameters.</summary>
    public const string Today = "reminders.today";
}
