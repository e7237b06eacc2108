/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Every numeric reply natterd sends, as "code, format": the format holds
 * the parameters after the recipient's nick.  numeric_send is printf
 * checked, so a wrong argument is a compile error.  doc/protocol.md
 * lists the same table.
 */

#ifndef NUMERIC_H
#define NUMERIC_H

struct user;

#define RPL_WELCOME		1, ":Welcome to the %s IRC Network %s"
#define RPL_YOURHOST		2, ":Your host is %s, running version %s"
#define RPL_CREATED		3, ":This server was created %s"
#define RPL_MYINFO		4, "%s %s %s %s %s"
#define RPL_ISUPPORT		5, "%s :are supported by this server"
#define RPL_UMODEIS		221, "%s"
#define RPL_LUSERCLIENT		251, \
	":There are %u users and %u invisible on 1 servers"
#define RPL_LUSEROP		252, "%u :operator(s) online"
#define RPL_LUSERUNKNOWN	253, "%u :unknown connection(s)"
#define RPL_LUSERCHANNELS	254, "%u :channels formed"
#define RPL_LUSERME		255, ":I have %u clients and 0 servers"
#define RPL_LOCALUSERS		265, "%u %u :Current local users %u, max %u"
#define RPL_GLOBALUSERS		266, \
	"%u %u :Current global users %u, max %u"
#define RPL_AWAY		301, "%s :%s"
#define RPL_USERHOST		302, ":%s"
#define RPL_ISON		303, ":%s"
#define RPL_UNAWAY		305, ":You are no longer marked as being away"
#define RPL_NOWAWAY		306, ":You have been marked as being away"
#define RPL_WHOISUSER		311, "%s %s %s * :%s"
#define RPL_WHOISSERVER		312, "%s %s :%s"
#define RPL_WHOISOPERATOR	313, "%s :is an IRC operator"
#define RPL_ENDOFWHO		315, "%s :End of WHO list"
#define RPL_WHOISIDLE		317, "%s %lld %lld :seconds idle, signon time"
#define RPL_ENDOFWHOIS		318, "%s :End of WHOIS list"
#define RPL_WHOISCHANNELS	319, "%s :%s"
#define RPL_LISTSTART		321, "Channel :Users  Name"
#define RPL_LIST		322, "%s %u :%s"
#define RPL_LISTEND		323, ":End of LIST"
#define RPL_CHANNELMODEIS	324, "%s %s"
#define RPL_CREATIONTIME	329, "%s %lld"
#define RPL_NOTOPIC		331, "%s :No topic is set"
#define RPL_TOPIC		332, "%s :%s"
#define RPL_TOPICWHOTIME	333, "%s %s %lld"
#define RPL_WHOREPLY		352, "%s %s %s %s %s %s :0 %s"
#define RPL_NAMREPLY		353, "%c %s :%s"
#define RPL_ENDOFNAMES		366, "%s :End of NAMES list"
#define RPL_ENDOFBANLIST	368, "%s :End of channel ban list"
#define RPL_MOTD		372, ":- %s"
#define RPL_MOTDSTART		375, ":- %s Message of the day - "
#define RPL_ENDOFMOTD		376, ":End of MOTD command"
#define ERR_NOSUCHNICK		401, "%s :No such nick/channel"
#define ERR_NOSUCHCHANNEL	403, "%s :No such channel"
#define ERR_CANNOTSENDTOCHAN	404, "%s :Cannot send to channel"
#define ERR_TOOMANYCHANNELS	405, "%s :You have joined too many channels"
#define ERR_TOOMANYTARGETS	407, "%s :Too many recipients"
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
#define ERR_NOTREGISTERED	451, ":You have not registered"
#define ERR_NEEDMOREPARAMS	461, "%s :Not enough parameters"
#define ERR_ALREADYREGISTRED	462, ":You may not reregister"
#define ERR_PASSWDMISMATCH	464, ":Password incorrect"
#define ERR_UNKNOWNMODE		472, "%c :is unknown mode char to me"
#define ERR_BADCHANMASK		476, "%s :Bad Channel Mask"
#define ERR_CHANOPRIVSNEEDED	482, "%s :You're not channel operator"
#define ERR_UMODEUNKNOWNFLAG	501, ":Unknown MODE flag"
#define ERR_USERSDONTMATCH	502, ":Cannot change mode for other users"

void	numeric_send(struct user *, int, const char *, ...)
	    __attribute__((__format__(printf, 3, 4)));

#endif
