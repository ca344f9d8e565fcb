using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.SendReminders;

/// <summary>Queue <c>send-reminders</c>: reminds one school's invited people who have not answered, once per reminder.</summary>
public sealed class SendReminders(RoundMailer mailer) : IQueueFunction<SendRemindersMessage>
{
    public const string Name = nameof(SendReminders);

    public Task RunAsync(SendRemindersMessage message, InvocationContext context, CancellationToken cancellationToken) =>
        mailer.SendRemindersAsync(message, cancellationToken);
}
