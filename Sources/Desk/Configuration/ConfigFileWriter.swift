/// Writes the text of a commented `iddesk.toml`: every key of `ConfigSchema` with its default
/// and its comment, as `iddesk init` leaves it for the operator to edit (`config.md`).
public enum ConfigFileWriter {
    /// The file's text. `overrides` replaces the default of a key (`"desk.address"` → value),
    /// for a desk set up with known addresses (the demo).
    public static func text(overrides: [String: ConfigValue] = [:]) -> String {
        var lines: [String] = [
            "# iddesk.toml — the configuration of the iGOT ID Desk.",
            "#",
            "# Relative paths are relative to this file's folder. Every key can be overridden by an",
            "# environment variable IDDESK_<SECTION>_<KEY> in upper case (IDDESK_SMTP_URL,",
            "# IDDESK_SENDER_CHECK_POLICY); lists take comma-separated values there. The SMTP",
            "# password is never written here: use [smtp] password_file or IDDESK_SMTP_PASSWORD.",
        ]
        for (section, comment) in ConfigSchema.sections {
            lines.append("")
            lines.append("[\(section)]".padding(36) + "# " + comment)
            for key in ConfigSchema.keys where key.section == section {
                let value = overrides["\(section).\(key.name)"] ?? key.defaultValue
                lines.append("\(key.name) = \(value)".padding(36) + "# " + key.comment)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The string followed by spaces up to `width` characters, and at least one space.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    /// The string followed by spaces up to `width` characters (none when it is longer).
    func paddedColumn(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
