using System.Diagnostics;

namespace Marketplace.TestSupport;

/// <summary>
/// A RabbitMQ virtual host of its own for each test system, so that systems started by different
/// fixtures (or a developer's ./run.sh) never consume each other's events. Needs rabbitmqctl on the
/// PATH (test.sh's local broker); otherwise the default virtual host is shared. With a
/// <see cref="RabbitMqNode"/> or a <see cref="RabbitMqCluster"/>, the virtual host is made there instead.
/// </summary>
public static class RabbitMqVirtualHost
{
    public static string Create(RabbitMqNode? node = null)
    {
        var name = $"test-{Guid.NewGuid():N}";
        return Run(node, "add_vhost", name) && Run(node, "set_permissions", "-p", name, "guest", ".*", ".*", ".*") ? name : "";
    }

    public static string Create(RabbitMqCluster cluster)
    {
        var name = $"test-{Guid.NewGuid():N}";
        return Run(cluster, "add_vhost", name) && Run(cluster, "set_permissions", "-p", name, "guest", ".*", ".*", ".*") ? name : "";
    }

    public static void Delete(string name, RabbitMqCluster cluster)
    {
        if (name.Length > 0) Run(cluster, "delete_vhost", name);
    }

    public static void Delete(string name, RabbitMqNode? node = null)
    {
        if (name.Length > 0 && (node is null || node.IsRunning)) Run(node, "delete_vhost", name);
    }

    private static bool Run(RabbitMqNode? node, params string[] args) =>
        node is null ? Run(args) : node.CtlAsync(args).GetAwaiter().GetResult().ExitCode == 0;

    private static bool Run(RabbitMqCluster cluster, params string[] args) => cluster.CtlAsync(args).GetAwaiter().GetResult().ExitCode == 0;

    private static bool Run(params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("-q");
            foreach (var arg in args) info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            process.WaitForExit(30_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
