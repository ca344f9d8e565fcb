using ReadinessPipeline.Cli;
using Spectre.Console;

namespace ReadinessPipeline.Tests.Infrastructure;

/// <summary>Runs the <c>readiness</c> command tree in-process with its console output and errors captured (tests using it join <see cref="ConsoleCollection"/>).</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 240;
        AnsiConsole.Console = console;
        var (original, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            var exit = await Commands.Root().Parse(args).InvokeAsync();
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
