namespace Gongzhi.Modules.Operations.Features.Keys;

/// <summary>
/// Where the personal-data keys of this installation live, by the same rule as <c>PersonalDataProtector.FromConfiguration</c>:
/// keys given in configuration (<c>PersonalData:Keys:{id}</c>) win, else the key file (<c>PersonalData:KeyFile</c>,
/// relative to the content root, by default <c>data/keys/personal-data.json</c>). Asking never creates a key file.
/// </summary>
public sealed class KeyLocation(IConfiguration config, IHostEnvironment env)
{
    public bool InConfiguration => config.GetSection("PersonalData:Keys").GetChildren().Any();

    public string KeyFile
    {
        get
        {
            var path = config["PersonalData:KeyFile"] ?? Path.Combine("data", "keys", "personal-data.json");
            return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(env.ContentRootPath, path));
        }
    }

    /// <summary>True when keys are there to be used (configured, or a key file exists).</summary>
    public bool Present => InConfiguration || File.Exists(KeyFile);

    public string Describe() => InConfiguration
        ? "in the configuration (PersonalData:CurrentKeyId, PersonalData:Keys:{id}, PersonalData:LookupKey)"
        : $"in the key file {KeyFile}";
}
