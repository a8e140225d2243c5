using System.Diagnostics;

namespace Marketplace.TestSupport;

/// <summary>
/// A RabbitMQ virtual host of its own for each test system, so that systems started by different
/// fixtures (or a developer's ./run.sh) never consume each other's events. Needs rabbitmqctl on the
/// PATH (test.sh's local broker); otherwise the default virtual host is shared.
/// </summary>
public static class RabbitMqVirtualHost
{
    public static string Create()
    {
        var name = $"test-{Guid.NewGuid():N}";
        return Run("add_vhost", name) && Run("set_permissions", "-p", name, "guest", ".*", ".*", ".*") ? name : "";
    }

    public static void Delete(string name)
    {
        if (name.Length > 0) Run("delete_vhost", name);
    }

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
