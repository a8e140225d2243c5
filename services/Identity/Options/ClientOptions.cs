using System.ComponentModel.DataAnnotations;

namespace Marketplace.Identity.Options;

/// <summary>One entry of <c>Identity:Clients</c>; the secret is hashed before it reaches the client store.</summary>
public sealed class ClientOptions
{
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", ErrorMessage = "must be 1-100 letters, digits, '.', '_' or '-'")]
    public string ClientId { get; set; } = "";

    [Required]
    [MinLength(8)]
    public string Secret { get; set; } = "";

    [Required]
    public string Role { get; set; } = "";

    [Required]
    public string Org { get; set; } = "";
}
