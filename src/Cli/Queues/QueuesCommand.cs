using System.CommandLine;
using Azure;
using ReadinessPipeline.Cli.Coach;
using ReadinessPipeline.Surveys.Storage;
using Spectre.Console;

namespace ReadinessPipeline.Cli.Queues;

/// <summary>
/// <c>readiness queues list | peek &lt;queue&gt; | redrive &lt;queue&gt;</c>: for whoever runs the app, the queues' depths,
/// what failed every try (the poison queues), and sending it back once the cause is fixed.
/// </summary>
public static class QueuesCommand
{
    public static Command Create()
    {
        var listStorage = Commands.StorageOption();
        var list = new Command("list", "Messages waiting in each queue and in its poison queue.") { listStorage };
        Run(list, listStorage, async (_, queues, ct) =>
        {
            var table = new Table().AddColumns("Queue", "Waiting", "Poisoned");
            foreach (var depth in await queues.ListAsync(ct))
            {
                table.AddRow(depth.Queue, $"{depth.Waiting}", depth.Poisoned > 0 ? $"[red]{depth.Poisoned}[/]" : "0");
            }

            AnsiConsole.Write(table);
        });

        var peekQueue = QueueArgument();
        var max = new Option<int>("--max") { Description = "How many messages to show (1-32).", DefaultValueFactory = _ => 10 };
        var peekStorage = Commands.StorageOption();
        var peek = new Command("peek", "Show messages in a queue's poison queue without taking them.") { peekQueue, max, peekStorage };
        Run(peek, peekStorage, async (result, queues, ct) =>
        {
            var messages = await queues.PeekAsync(result.GetValue(peekQueue)!, result.GetValue(max), ct);
            if (messages.Count == 0)
            {
                AnsiConsole.WriteLine($"{result.GetValue(peekQueue)}{PoisonQueues.Suffix} is empty.");
                return;
            }

            foreach (var message in messages)
            {
                AnsiConsole.MarkupLineInterpolated($"[bold]{message.Id}[/] queued {message.InsertedOn:u}, tried {message.DequeueCount} time(s):");
                AnsiConsole.WriteLine("  " + message.Text);
            }
        });

        var redriveQueue = QueueArgument();
        var redriveStorage = Commands.StorageOption();
        var redrive = new Command("redrive", "Move every message of a queue's poison queue back into the queue (after fixing what made it fail).") { redriveQueue, redriveStorage };
        Run(redrive, redriveStorage, async (result, queues, ct) =>
        {
            var queue = result.GetValue(redriveQueue)!;
            var moved = await AnsiConsole.Status().StartAsync($"Moving {queue}{PoisonQueues.Suffix} into {queue}", async status =>
                await queues.RedriveAsync(queue, new Progress<int>(n => status.Status($"Moved {n} message(s) into {queue}")), ct));
            AnsiConsole.MarkupLineInterpolated($"[green]{moved}[/] message(s) moved from {queue}{PoisonQueues.Suffix} back into {queue}.");
        });

        return new Command("queues", "The app's queues and their poison queues.") { list, peek, redrive };
    }

    private static Argument<string> QueueArgument()
    {
        var argument = new Argument<string>("queue") { Description = $"One of: {string.Join(", ", StorageNames.AllQueues)}." };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!StorageNames.AllQueues.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"'{value}' is not one of the app's queues: {string.Join(", ", StorageNames.AllQueues)}.");
            }
        });
        return argument;
    }

    private static void Run(Command command, Option<string> storage, Func<ParseResult, PoisonQueues, CancellationToken, Task> action) =>
        command.SetAction(async (result, ct) =>
        {
            try
            {
                await action(result, new PoisonQueues(Commands.OpenStorage(result.GetValue(storage)!)), ct);
                return 0;
            }
            catch (CliException e)
            {
                return e.Report();
            }
            catch (RequestFailedException e)
            {
                return new CliException($"Storage refused the request ({e.Status} {e.ErrorCode}): check --storage and your access.").Report();
            }
            catch (Azure.Identity.AuthenticationFailedException e)
            {
                return new CliException($"Could not sign in to Azure Storage: {e.Message.Split('\n')[0]}").Report();
            }
        });
}
