"""A mail's footer lines, in the languages met so far: unsubscribe and preference links, the
reason you get the mail, copyright and postal lines, referral and upgrade pitches, asking for
replies or advertisers. A short block matching one is never part of a story."""

from __future__ import annotations

import re

FOOTER = re.compile(
    r"\bunsubscribe\b|\bsubscribe (?:and|here|now|to|for)\b|"
    r"view (?:this (?:email|issue) )?in (?:your |a )?browser|"
    r"forwarded (?:this|to you)|manage (?:your )?(?:preferences|subscription)|"
    r"update your preferences|spam folder|(?:add|whitelist) (?:us|our (?:email )?address)|"
    r"©|\bcopyright\s*(?:\(c\)|\d{4})|all rights reserved|our mailing address|"
    r"you(?:'re| are) receiving this|sent (?:to you )?because|privacy policy|"
    r"^\W*thanks to .{1,60}\bfor (?:their|its|the) (?:continued )?support\b|"
    r"you(?:['’]re| are) subscribed to\b|\b(?:p\.\s?o\.|po) box \d+|\bpmb \d+|"
    # a forwarded email's header block ("---------- Forwarded message ---------")
    r"^\W*-{3,}\s*forwarded message\s*-{3,}|^\W*begin forwarded message\b|"
    r"feedback\?.{0,40}(?:send|reply|email)|share this (?:email|newsletter|issue)|"
    r"^(?:was this|did you enjoy|enjoying) this (?:email|newsletter|issue)|"
    r"^(?:like|love) (?:this|what you read)\b.{0,40}\bshare|"
    # a referral programme, a paid upgrade, the writer's closing line
    r"\bshare your (?:personal|unique|referral) link|\brefer(?:ral)? (?:link|program)|"
    r"\bwhen (?:\w+ )?(?:friends?|people|readers|they) (?:sign up|subscribe)|"
    r"^\W*invite (?:your )?friends\b.{0,20}\bearn\b|"
    r"(?:become|upgrade to) a (?:paid|paying) (?:subscriber|member|supporter)|"
    r"^that(?:'|’)?s (?:it|all) for (?:this|today|now)\b|^hit reply\b|^\W*get (?:the|our) app\b|"
    # asking for replies, advertisers, submissions: "just respond to this email!"
    r"^[^.!?]*\b(?:respond|reply|replying) to this (?:e-?mail|message)[.!]?\s*$|"
    r"\bdownload (?:the|our) app\b|"
    r"^\W*(?:want|interested|looking) to advertise\b|\badvertis(?:e|ing) with us\b|"
    # the writer's last asks: "Want to sponsor Pier Notes?", "Not a subscriber yet?", "If you
    # found value in this newsletter, share it with your network", "Questions? Reply to this email."
    r"^\W*(?:want|interested|looking) to sponsor\b|\bnot (?:a subscriber|subscribed) yet\b|"
    r"\bif you (?:found|find|get) (?:\w+ ){0,2}value (?:in|from) (?:this|our|the) newsletter\b|"
    r"\bshare (?:it|this|us) with your (?:network|friends|colleagues)\b|"
    r"^[^.!?]{0,40}[?:]\s*(?:just )?(?:reply|respond) to this (?:e-?mail|message)[.!]?\s*$|"
    r"^\W*(?:(?:today(?:'|’)?s|quick|reader|weekly) )?poll\s*:|"
    r"\bsubmit (?:it|yours|them|one) here\b|\bopt[- ]out of (?:all |these |our )?(?:\w+ )?"
    r"(?:e-?mails|newsletters|mailings)\b|"
    r"\b(?:is|are) (?:proudly )?(?:reader|listener|member)[- ]supported\b|"
    # a plain-text copy's note, and the house's new newsletter ("We just launched a robotics
    # newsletter! Sign up for it here.")
    # a contact line: "Letters to the editor: editor@pier.example"
    r"^[^.!?:@]{3,80}:\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|"
    # a pitch to upgrade, or to advertise to the readers: "You're getting the Free version",
    # "Showcase your product to our 280K+ engineers"
    r"\byou(?:(?:'|’)?re| are) (?:getting|reading|receiving|on) the free "
    r"(?:version|edition|tier)\b|"
    r"\b(?:showcase your (?:product|brand|company|startup)|advertise) to (?:our )?"
    r"[\d.,]+\s?[km]?\+? "
    r"(?:\w+ ){0,3}(?:readers|subscribers|engineers|developers|professionals|founders|people)\b|"
    # an invitation to the house's other mailings: "Sign up for our free email briefings"
    r"^\W*sign up for (?:our|the) (?:free )?(?:\w+ ){0,2}(?:newsletters?|e-?mails?|briefings?)\b|"
    # a rating widget's scale: "1 = Didn't enjoy it // 5 = Loved it"
    r"^\W*1\s*=\s*[^=]{2,50}?(?://|\||,|;)\s*(?:5|10)\s*=|"
    r"\byou(?:(?:'|’)?re| are) reading (?:a|the) plain[- ]text version\b|"
    r"\bwe(?:'ve| have)? (?:just )?launched (?:a|our) (?:new )?(?:\w+ ){0,2}newsletter\b|"
    r"^\W*(?:read (?:it |this (?:issue |email )?)?(?:on|in) the web|read online|"
    r"view (?:it |this (?:issue |email |post )?)?online|web version)\W*$|"
    # the same in French and German: online version, unsubscribe, manage, add our address
    r"version en ligne|ouvrir dans (?:le|votre) navigateur|d[ée]sabonner|d[ée]sinscri|"
    r"g[ée]rer (?:mon|votre) abonnement|ajouter notre adresse|"
    r"im browser (?:ansehen|öffnen|lesen)|abmelden|abbestellen|"
    # and in Italian and Spanish: view in the browser, unsubscribe
    r"visualizza (?:nel|sul|in) browser|ver en (?:el |tu |su )?navegador|"
    r"annulla (?:l'|la )?iscrizione|disiscriviti|dar(?:se|te) de baja|"
    r"cancelar (?:la |tu )?suscripci[oó]n|ver no navegador|cancelar (?:a |sua )?inscri[çc][ãa]o|"
    r"descadastr\w+|voc[eê] recebeu este e-?mail|indique .{0,40}\bpara um amigo|"
    # and in Japanese and Chinese: stop delivery, unregister, unsubscribe
    r"配信停止|登録解除|退订|取消订阅|"
    # and in Dutch and Polish: view in the browser, unsubscribe, you receive this because
    r"bekijk (?:\w+ ){0,3}in (?:je|uw|de) browser|niet goed weergegeven|\buitschrijven\b|"
    r"^\W*afmelden\b|je ontvangt deze e-?mail|u ontvangt deze e-?mail|"
    r"stuur deze (?:nieuwsbrief|e-?mail) door|zobacz w przegl[aą]darce|wypisz si[eę]|"
    r"otrzymujesz t[eę] wiadomo[sś][cć]|pole[cć] (?:\w+ )?znajomym|"
    # and in Swedish: view in the browser, unsubscribe, you get this email because
    r"visa i webbläsaren|avregistrera|du får (?:det här|detta) (?:mejl|e-?post|nyhetsbrev)|"
    # and in Czech
    r"zobrazit v prohlížeči|odhlásit (?:odběr|se)|tento e-?mail jste obdržel|"
    # "follow us" alone on its line, in a few languages: the social links' label
    r"^\W*(?:follow us|suivez[- ]nous|folgen sie uns|s[ií]guenos|seguici)\W*$",
    re.IGNORECASE,
)
