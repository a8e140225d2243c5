namespace Marketplace.ServiceKit.Iati;

/// <summary>
/// An organisation as IATI names it: its organisation identifier (<c>ref</c>, such as <c>XM-DAC-41127</c>),
/// its OrganisationType code (<c>type</c>: 10 government, 40 multilateral, ...) and a display name.
/// </summary>
public sealed record IatiOrganisation(string Ref, string Type, string Name);
