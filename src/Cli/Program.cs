using System.CommandLine;
using ReadinessPipeline.Cli;

var root = new RootCommand("readiness: the Readiness Pipeline command line for coaches and administrators.");
foreach (var command in Commands.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
