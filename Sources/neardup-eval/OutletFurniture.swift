/// Page furniture of three made-up outlets, written for the heavy-edit comparison in the style of
/// real news pages (bylines, datelines, share rows, copyright lines, newsletter pitches, "related"
/// headlines of other stories). Not made to fit the standard boilerplate list: two lines are on it
/// ("Share this article", "Most Read"), the rest are not.
struct OutletFurniture {
    /// Lines above the story (after its headline).
    let header: [String]
    /// Lines below the story.
    let footer: [String]

    /// How many outlets there are.
    static let count = 3

    /// One outlet's furniture around a story, with the variable parts drawn from `random`.
    ///
    /// - Parameters:
    ///   - outlet: which outlet, `0..<count`.
    ///   - related: two headlines of other stories, for the outlet's "related" box.
    ///   - random: the draws for bylines and dates.
    static func make(outlet: Int, related: [String], random: inout EvalRandom) -> OutletFurniture {
        let author = ["Simon Hale", "Maria Okafor", "Daniel Price", "Aoife Byrne", "Raj Mehta"]
            .randomElement(using: &random)!
        let month = ["January", "February", "March", "April", "May", "June"].randomElement(using: &random)!
        let day = Int.random(in: 1...28, using: &random)
        let time = "\(Int.random(in: 10...23, using: &random)):\(Int.random(in: 10...59, using: &random))"
        switch outlet {
        case 0:
            return OutletFurniture(
                header: [
                    "World News Wire", "By \(author), Wire Correspondent", "\(day) \(month) 2005, \(time) GMT",
                    "Share this article", "Copy link",
                ],
                footer: [
                    "Reporting by \(author); Editing by Tom Fairley.", "Our Standards: The Trust Principles.",
                    "Copyright 2005 World News Wire. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
                    "Related coverage", related[0], related[1],
                    "Sign up for our Morning Briefing newsletter to get the day's top stories in your inbox.",
                ])
        case 1:
            return OutletFurniture(
                header: [
                    "The Daily Gazette", "News", "Published \(day) \(month) 2005 | Updated \(time)",
                    "Listen to this article", "Advertisement",
                ],
                footer: [
                    "Have your say", "Comments are closed for this article.", "Most Read", related[0], related[1],
                    "Follow us on Facebook, Twitter and Instagram for the latest news.",
                    "© Daily Gazette Media Group 2005. Registered in England and Wales.",
                ])
        default:
            return OutletFurniture(
                header: [
                    "Home | News | Business | Technology | Entertainment",
                    "Last Updated: \(day) \(month) 2005, \(time) GMT",
                    "E-mail this to a friend", "Printable version",
                ],
                footer: [
                    "E-mail this to a friend", "Printable version",
                    "Do you have a view on this story? Send us your comments using the form below.",
                    "See also:", related[0], related[1],
                    "The Evening Post is not responsible for the content of external internet sites.",
                    "Bookmark with: Delicious Digg reddit Facebook StumbleUpon",
                ])
        }
    }
}
