using ReadinessPipeline.Cli;
using Spectre.Console;

namespace ReadinessPipeline.Tests.Infrastructure;

/// <summary>Runs the <c>readiness</c> command tree in-process with its console output and errors captured (tests using it join <see cref="ConsoleCollection"/>).</summary>
public static class CliRunner
{
    /// <summary>Standard output and standard error together, in the order written.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        return (await RunAsync(output, output, args), output.ToString());
    }

    /// <summary>Standard output (the Spectre console's included) and standard error apart.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunSplitAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await RunAsync(output, error, args);
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<int> RunAsync(StringWriter output, StringWriter error, string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 240;
        AnsiConsole.Console = console;
        var (original, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return await Commands.Parse(args).InvokeAsync();
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
