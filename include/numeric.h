/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Every numeric reply natterd sends, as "code, format": the format holds
 * the parameters after the recipient's nick.  numeric_send is printf
 * checked, so a wrong argument is a compile error.  doc/protocol.md
 * lists the same table.  Replies go to the user's front, whatever it
 * is: a local client's, or the link a remote user is behind.
 */

#ifndef NUMERIC_H
#define NUMERIC_H

struct user;

#define RPL_WELCOME		1, ":Welcome to the %s IRC Network %s"
#define RPL_YOURHOST		2, ":Your host is %s, running version %s"
#define RPL_CREATED		3, ":This server was created %s"
#define RPL_MYINFO		4, "%s %s %s %s %s"
#define RPL_ISUPPORT		5, "%s :are supported by this server"
#define RPL_STATSCOMMANDS	212, "%s %lu 0 0"
#define RPL_ENDOFSTATS		219, "%s :End of STATS report"
#define RPL_UMODEIS		221, "%s"
#define RPL_STATSUPTIME		242, ":Server Up %lld days %lld:%02lld:%02lld"
#define RPL_ACCEPTLIST		281, "%s"
#define RPL_ENDOFACCEPT		282, ":End of /ACCEPT list."
#define RPL_LUSERCLIENT		251, \
	":There are %u users and %u invisible on %u servers"
#define RPL_LUSEROP		252, "%u :operator(s) online"
#define RPL_LUSERUNKNOWN	253, "%u :unknown connection(s)"
#define RPL_LUSERCHANNELS	254, "%u :channels formed"
#define RPL_LUSERME		255, ":I have %u clients and %u servers"
#define RPL_ADMINME		256, "%s :Administrative info"
#define RPL_ADMINLOC1		257, ":%s"
#define RPL_ADMINLOC2		258, ":%s"
#define RPL_ADMINEMAIL		259, ":%s"
#define RPL_WHOISCERTFP		276, "%s :has client certificate fingerprint %s"
#define RPL_LOCALUSERS		265, "%u %u :Current local users %u, max %u"
#define RPL_GLOBALUSERS		266, \
	"%u %u :Current global users %u, max %u"
#define RPL_AWAY		301, "%s :%s"
#define RPL_USERHOST		302, ":%s"
#define RPL_ISON		303, ":%s"
#define RPL_UNAWAY		305, ":You are no longer marked as being away"
#define RPL_NOWAWAY		306, ":You have been marked as being away"
#define RPL_WHOISUSER		311, "%s %s %s * :%s"
#define RPL_WHOWASUSER		314, "%s %s %s * :%s"
#define RPL_WHOISSERVER		312, "%s %s :%s"
#define RPL_WHOISOPERATOR	313, "%s :is an IRC operator"
#define RPL_ENDOFWHO		315, "%s :End of WHO list"
#define RPL_WHOISIDLE		317, "%s %lld %lld :seconds idle, signon time"
#define RPL_ENDOFWHOIS		318, "%s :End of WHOIS list"
#define RPL_WHOISCHANNELS	319, "%s :%s"
#define RPL_WHOISBOT		335, "%s :is a bot"
#define RPL_LISTSTART		321, "Channel :Users  Name"
#define RPL_LIST		322, "%s %u :%s"
#define RPL_LISTEND		323, ":End of LIST"
#define RPL_CHANNELMODEIS	324, "%s %s"
#define RPL_CREATIONTIME	329, "%s %lld"
#define RPL_NOTOPIC		331, "%s :No topic is set"
#define RPL_TOPIC		332, "%s :%s"
#define RPL_TOPICWHOTIME	333, "%s %s %lld"
#define RPL_WHOREPLY		352, "%s %s %s %s %s %s :%u %s"
#define RPL_WHOSPCRPL		354, "%s"
#define RPL_INVITING		341, "%s %s"
#define RPL_VERSION		351, "%s. %s :%s"
#define RPL_NAMREPLY		353, "%c %s :%s"
#define RPL_ENDOFNAMES		366, "%s :End of NAMES list"
#define RPL_LINKS		364, "%s %s :%u %s"
#define RPL_ENDOFLINKS		365, "%s :End of LINKS list"
#define RPL_BANLIST		367, "%s %s %s %lld"
#define RPL_ENDOFBANLIST	368, "%s :End of channel ban list"
#define RPL_ENDOFWHOWAS		369, "%s :End of WHOWAS"
#define RPL_INFO		371, ":%s"
#define RPL_MOTD		372, ":- %s"
#define RPL_ENDOFINFO		374, ":End of INFO list"
#define RPL_MOTDSTART		375, ":- %s Message of the day - "
#define RPL_ENDOFMOTD		376, ":End of MOTD command"
#define RPL_YOUREOPER		381, ":You are now an IRC operator"
#define RPL_REHASHING		382, "%s :Rehashing"
#define RPL_TIME		391, "%s :%s"
#define RPL_VISIBLEHOST		396, "%s :is now your displayed host"
#define ERR_NOSUCHNICK		401, "%s :No such nick/channel"
#define ERR_NOSUCHCHANNEL	403, "%s :No such channel"
#define ERR_NOSUCHSERVER	402, "%s :No such server"
#define ERR_CANNOTSENDTOCHAN	404, "%s :Cannot send to channel"
#define ERR_TOOMANYCHANNELS	405, "%s :You have joined too many channels"
#define ERR_TOOMANYTARGETS	407, "%s :Too many recipients"
#define ERR_WASNOSUCHNICK	406, "%s :There was no such nickname"
#define ERR_NOORIGIN		409, ":No origin specified"
#define ERR_INVALIDCAPCMD	410, "%s :Invalid CAP command"
#define ERR_NORECIPIENT		411, ":No recipient given (%s)"
#define ERR_NOTEXTTOSEND	412, ":No text to send"
#define ERR_INPUTTOOLONG	417, ":Input line was too long"
#define ERR_UNKNOWNCOMMAND	421, "%s :Unknown command"
#define ERR_NOMOTD		422, ":MOTD File is missing"
#define ERR_NONICKNAMEGIVEN	431, ":No nickname given"
#define ERR_ERRONEUSNICKNAME	432, "%s :Erroneous nickname"
#define ERR_NICKNAMEINUSE	433, "%s :Nickname is already in use"
#define ERR_USERNOTINCHANNEL	441, "%s %s :They aren't on that channel"
#define ERR_NOTONCHANNEL	442, "%s :You're not on that channel"
#define ERR_USERONCHANNEL	443, "%s %s :is already on channel"
#define ERR_NOTREGISTERED	451, ":You have not registered"
#define ERR_ACCEPTFULL		456, ":Accept list is full"
#define ERR_ACCEPTEXIST		457, "%s :is already on your accept list"
#define ERR_ACCEPTNOT		458, "%s :is not on your accept list"
#define ERR_NEEDMOREPARAMS	461, "%s :Not enough parameters"
#define ERR_ALREADYREGISTRED	462, ":You may not reregister"
#define ERR_PASSWDMISMATCH	464, ":Password incorrect"
#define ERR_CHANNELISFULL	471, "%s :Cannot join channel (+l)"
#define ERR_UNKNOWNMODE		472, "%c :is unknown mode char to me"
#define ERR_INVITEONLYCHAN	473, "%s :Cannot join channel (+i)"
#define ERR_BANNEDFROMCHAN	474, "%s :Cannot join channel (+b)"
#define ERR_BADCHANNELKEY	475, "%s :Cannot join channel (+k)"
#define ERR_BADCHANMASK		476, "%s :Bad Channel Mask"
#define ERR_BANLISTFULL		478, "%s %c :Channel list is full"
#define ERR_SECUREONLYCHAN	489, "%s :Cannot join channel (+z)"
#define ERR_NOPRIVILEGES	481, \
	":Permission Denied- You're not an IRC operator"
#define ERR_CHANOPRIVSNEEDED	482, "%s :You're not channel operator"
#define ERR_CANTKILLSERVER	483, ":You can't kill a server!"
#define ERR_NOOPERHOST		491, ":No O-lines for your host"
#define ERR_UMODEUNKNOWNFLAG	501, ":Unknown MODE flag"
#define ERR_USERSDONTMATCH	502, ":Cannot change mode for other users"
#define ERR_HELPNOTFOUND	524, "%s :No help available on this topic"
#define ERR_INVALIDKEY		525, "%s :Key is not well-formed"
#define RPL_WHOISSECURE		671, "%s :is using a secure connection"
#define ERR_INVALIDMODEPARAM	696, "%s %c %s :%s"
#define RPL_MONONLINE		730, ":%s"
#define RPL_MONOFFLINE		731, ":%s"
#define RPL_MONLIST		732, ":%s"
#define RPL_ENDOFMONLIST	733, ":End of MONITOR list"
#define ERR_MONLISTFULL		734, "%d %s :Monitor list is full."
#define ERR_TARGUMODEG		716, "%s :is in +g mode (server-side ignore.)"
#define RPL_TARGNOTIFY		717, \
	"%s :has been informed that you messaged them."
#define RPL_UMODEGMSG		718, \
	"%s %s@%s :is messaging you, and you have umode +g."
#define RPL_HELPSTART		704, "%s :%s"
#define RPL_HELPTXT		705, "%s :%s"
#define RPL_ENDOFHELP		706, "%s :End of /HELP"

struct hold;

void	numeric_send(struct user *, int, const char *, ...)
	    __attribute__((__format__(printf, 3, 4)));
void	numeric_cmd(struct user *, const char *, const char *, ...)
	    __attribute__((__format__(printf, 3, 4)));
void	numeric_hold(struct user *, struct hold *);
void	numeric_resume(struct user *, struct hold *);
void	numeric_release(struct user *, struct hold *);
void	isupport_send(struct user *);

#endif
