namespace Gongzhi.Modules.Registry.Contracts;

/// <summary>Slots of the registry's pages where other modules add blocks (<c>GongzhiModule.PageSections</c>).</summary>
public static class RegistrySlots
{
    /// <summary>The building page (<c>/buildings/{id}</c>), under the plan; components get <c>long BuildingId</c>.</summary>
    public const string Building = "registry.building";

    /// <summary>The resident page (<c>/residents/{id}</c>), at the end; components get <c>long ResidentId</c>.</summary>
    public const string Resident = "registry.resident";
}
