namespace Gongzhi.Modules.Areas.Contracts;

/// <summary>The levels of the area tree (五级网格 and the administrative levels above it).</summary>
public enum AreaLevel
{
    Province = 1,
    City = 2,
    District = 3,
    Street = 4,
    Community = 5,
    Grid = 6,
    Compound = 7,
    Building = 8,
    Unit = 9,
}

public static class AreaLevels
{
    /// <summary>Levels under which households are registered (bungalows and villages directly under a grid).</summary>
    public static bool CanHoldHouseholds(AreaLevel level) => level is AreaLevel.Unit or AreaLevel.Building or AreaLevel.Grid;

    /// <summary>Longest materialized path stored by any module.</summary>
    public const int PathMaxLength = 512;
}
