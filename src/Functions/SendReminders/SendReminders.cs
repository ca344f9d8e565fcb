using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.SendReminders;

/// <summary>Queue <c>send-reminders</c>: reminds one school's invited people who have not answered, once per reminder.</summary>
public sealed class SendReminders(RoundMailer mailer)
{
    [Function(nameof(SendReminders))]
    public async Task Run([QueueTrigger(StorageNames.ReminderQueue)] string message, FunctionContext context)
    {
        var request = QueueMessages.Read<SendRemindersMessage>(message);
        using var scope = context.BeginRoundScope(request);
        await mailer.SendRemindersAsync(request, context.CancellationToken);
    }
}
