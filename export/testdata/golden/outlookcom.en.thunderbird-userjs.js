// Mail account for Thunderbird, made by mailsetup. It contains no password.
// 1. With Thunderbird closed, copy this file as user.js into the folder of a new profile.
// 2. Start Thunderbird once: the account appears by itself.
// 3. Close Thunderbird and delete user.js; otherwise every start resets the account list to this account alone.
// Thunderbird will ask for the password the first time it checks for mail.

user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.hostname", "outlook.office365.com");
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.authMethod", 10);
user_pref("mail.server.server1.userName", "marta@hotmail.es");
user_pref("mail.server.server1.name", "marta@hotmail.es");
user_pref("mail.server.server1.check_new_mail", true);
user_pref("mail.server.server1.login_at_startup", true);
user_pref("mail.identity.id1.useremail", "marta@hotmail.es");
user_pref("mail.identity.id1.fullName", "Marta Gil");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.valid", true);
user_pref("mail.smtpserver.smtp1.type", "smtp");
user_pref("mail.smtpserver.smtp1.hostname", "smtp-mail.outlook.com");
user_pref("mail.smtpserver.smtp1.port", 587);
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
user_pref("mail.smtpserver.smtp1.authMethod", 10);
user_pref("mail.smtpserver.smtp1.username", "marta@hotmail.es");
user_pref("mail.smtpserver.smtp1.description", "Outlook.com");
user_pref("mail.smtpservers", "smtp1");
user_pref("mail.smtp.defaultserver", "smtp1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.accountmanager.defaultaccount", "account1");
user_pref("mail.account.lastKey", 1);
