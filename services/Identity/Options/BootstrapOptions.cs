namespace Marketplace.Identity.Options;

/// <summary><c>Identity:Bootstrap</c>: the first secretariat administrator, created when nobody has that email yet.</summary>
public sealed class BootstrapOptions
{
    public string? Email { get; set; }

    public string Name { get; set; } = "Secretariat administrator";
}
