using System.CommandLine;
using Cairn.Storage;
using Cairn.Storage.Migrations;

namespace Cairn.Cli;

public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply the database schema migrations that are missing (the server also does this at start).") { Settings.Db };
        command.SetAction(async parse =>
        {
            var location = Settings.Storage(parse);
            await using var store = CairnStore.Open(location);
            var applied = Migrator.For(location.Engine).Count;
            Console.WriteLine($"{location}: schema up to date ({applied} migrations).");
            return 0;
        });
        return command;
    }
}
