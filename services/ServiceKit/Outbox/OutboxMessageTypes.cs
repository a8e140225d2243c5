using System.Reflection;
using System.Text.Json;

namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// The event types a service may publish from its outbox, resolved by full name. Only types of the
/// registered contracts assemblies resolve, so a stored row can never instantiate an arbitrary type.
/// </summary>
public sealed class OutboxMessageTypes
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, Type> _types;

    public OutboxMessageTypes(IEnumerable<Assembly> contractAssemblies)
    {
        _types = contractAssemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.FullName is not null)
            .ToDictionary(t => t.FullName!, StringComparer.Ordinal);
    }

    public bool TryResolve(string name, out Type type) => _types.TryGetValue(name, out type!);
}
