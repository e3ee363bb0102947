extension BoilerplateFilter {
    /// The standard junk lines, matched as whole sentences after normalisation (case, punctuation and
    /// apostrophes ignored). Sources: the scraped seeds in `seeds/` (a Metro page and a Turkish news
    /// site) and the page furniture common on news sites.
    public static let standardLines: [String] = [
        // Share buttons and section furniture (seeds: "Share:", "More for You", "Top Followed").
        "Share:", "Share this article", "Share this story", "Share this page", "Share on Facebook",
        "Share on Twitter", "Share via Email", "More for You", "Top Followed", "Up Next.",
        "Related Articles", "Related Stories", "Related Topics", "Most Read", "Most Popular",
        "Trending Now", "Recommended", "Advertisement", "Sponsored Content", "Skip to main content",
        "Skip to content", "Comments", "Leave a comment", "Print", "Email", "Back to top",
        // The end of the Metro video player's notice (seed 003).
        "To view this video please enable JavaScript, and consider upgrading to a web browser that supports HTML5 video.",
        // Metro's footer (seed 003); the e-mail sentence is also a prefix below.
        "For more stories like this, check our news page.",
        // A Turkish site's comment-form confirmation (seed 000): "Your comment has been received; it
        // will be published as soon as possible after review."
        "Yorumunuz başarıyla alındı, inceleme ardından en kısa sürede yayına alınacaktır.",
        "Sign up for our newsletter", "Subscribe to our newsletter",
    ]

    /// The standard junk prefixes: a sentence that starts with one of these and has at most
    /// `prefixSlack` more words is boilerplate ("Image Credit: Metro", "Follow us on Twitter").
    public static let standardPrefixes: [String] = [
        "To view this video please enable JavaScript",
        "Image Credit", "Image copyright", "Image caption", "Photo credit", "Picture credit",
        "Get in touch with our news team by emailing us at",
        "Follow us on", "Click here to", "Read more:", "This video can not be played",
        "We use cookies",
    ]
}
