import ArgumentParser
import Desk
import Foundation

/// `iddesk import FILE.csv [--apply]` (`cli.md`): records the MDOs, officers of record, generic
/// IDs and holders that already exist (`Importer`); a dry run unless `--apply`; all or nothing,
/// every problem printed with its line. Exit status 1 when the sheet has a problem.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import",
        abstract: "Record MDOs, generic IDs and holders that already exist, from a CSV sheet (a dry run unless --apply).")

    @Argument(help: ArgumentHelp("The CSV sheet (columns in docs/operators.md).", valueName: "file.csv"))
    var file: String

    @Flag(help: "Record the sheet; without it, check everything and record nothing.")
    var apply = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (_, now, config, registry) = try global.openDesk()
        guard let data = FileManager.default.contents(atPath: file) else {
            var isFolder: ObjCBool = false
            let why = !FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) ? "no such file"
                : isFolder.boolValue ? "is a folder, not a CSV file" : "cannot be read (check its permissions)"
            StandardStream.error.write("iddesk: \(file): \(why)\n")
            throw ExitCode.failure
        }
        let report = try Importer(configuration: config).run(String(decoding: data, as: UTF8.self), registry: registry,
                                                             apply: apply, now: now)
        guard report.problems.isEmpty else {
            // A sheet's cells are quoted in problems: on one line, without controls (an escape
            // in a header cell reached the terminal).
            for problem in report.problems { print(PrintableText.line("\(file): \(problem)")) }
            print("nothing imported: \(report.problems.count) problem(s)")
            throw ExitCode.failure
        }
        let what = "\(report.mdos) MDO(s), \(report.ids) generic ID(s), \(report.holders) holder(s)"
        print(report.applied ? "imported \(what)" : "dry run: would import \(what); run again with --apply to record them")
    }
}
