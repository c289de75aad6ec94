<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>Pd::Core::ApiError</name>
    <message>
        <location filename="../core/api/apierror.cpp" line="+49"/>
        <source> (reached max retries: %1)</source>
        <translation>（再試行の上限に達しました: %1）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Parameter validation failed for the %1 operation; nothing was sent:</source>
        <translation>%1 オペレーションのパラメーター検証に失敗しました。何も送信されていません:</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+43"/>
        <source>Configuration error: %1</source>
        <translation>設定エラー: %1</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Network error when calling the %1 operation%2: %3</source>
        <translation>%1 オペレーションの呼び出し中にネットワークエラーが発生しました%2: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Timed out when calling the %1 operation%2: %3</source>
        <translation>%1 オペレーションの呼び出しがタイムアウトしました%2: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The %1 operation was cancelled.</source>
        <translation>%1 オペレーションはキャンセルされました。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The %1 operation returned an invalid response: %2</source>
        <translation>%1 オペレーションが無効な応答を返しました: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>An error occurred (%1) when calling the %2 operation%3: %4</source>
        <translation>%2 オペレーションの呼び出し中にエラーが発生しました（%1）%3: %4</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Request refused locally: %1</source>
        <translation>リクエストはローカルで拒否されました: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled</source>
        <translation>キャンセル済み</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (HTTP %1)</source>
        <translation>（HTTP %1）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> [request %1]</source>
        <translation> [リクエスト %1]</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n request member(s) failed validation.</source>
        <translation>
            <numerusform>リクエストの %n 個のメンバーが検証に失敗しました。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/api/errorparser.cpp" line="+248"/>
        <source>The service returned %1 with an empty body.</source>
        <translation>サービスは本文が空の %1 を返しました。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service returned %1 with a body that is not a JSON error object: %2</source>
        <translation>サービスは JSON のエラーオブジェクトではない本文で %1 を返しました: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service returned %1 without an error message.</source>
        <translation>サービスはエラーメッセージなしで %1 を返しました。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AttentionView</name>
    <message>
        <location filename="../core/model/attentionview.cpp" line="+66"/>
        <source>Action Required</source>
        <translation>要対応</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overdue</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing this month</source>
        <translation>今月成約予定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing this quarter</source>
        <translation>今四半期成約予定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No update in 30 days</source>
        <translation>30 日間更新なし</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changed since I last looked</source>
        <translation>前回確認以降に変更</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejected</source>
        <translation>却下</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Opportunities whose review status is Action Required: AWS waits for an answer.</source>
        <translation>レビューステータスが「要対応」の商談です。AWS が回答を待っています。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities whose target close date has passed.</source>
        <translation>成約予定日を過ぎた未完了の商談です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities due to close from today to the end of this month.</source>
        <translation>今日から今月末までに成約予定の未完了の商談です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities due to close from today to the end of this quarter.</source>
        <translation>今日から今四半期末までに成約予定の未完了の商談です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities last changed more than 30 days ago.</source>
        <translation>最終更新から 30 日以上経過した商談です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities a sync changed since you last looked at them.</source>
        <translation>前回確認した後に同期で変更された商談です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities whose review status is Rejected.</source>
        <translation>レビューステータスが「却下」の商談です。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsClient</name>
    <message>
        <location filename="../core/api/awsclient.cpp" line="+29"/>
        <source>No AWS credentials are configured.</source>
        <translation>AWS の認証情報が設定されていません。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsConfigFile</name>
    <message>
        <location filename="../core/aws/awsconfigfile.cpp" line="+69"/>
        <source>this is a folder, not a file</source>
        <translation>ファイルではなくフォルダーです</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+8"/>
        <source>the file is larger than %1 MiB</source>
        <translation>ファイルが %1 MiB を超えています</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>the line is not valid UTF-8 text</source>
        <translation>行が有効な UTF-8 テキストではありません</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>expected “key = value” inside the nested “%1” settings</source>
        <translation>入れ子になった設定「%1」の中には「キー = 値」が必要です</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>the section header has no closing “]”</source>
        <translation>セクション見出しに閉じ括弧「]」がありません</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the section name is empty</source>
        <translation>セクション名が空です</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the section [%1] appears twice (first on line %2)</source>
        <translation>セクション [%1] が重複しています（最初は %2 行目）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>“%1” comes before the first [section] header</source>
        <translation>「%1」が最初の [セクション] 見出しより前にあります</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>expected “key = value”</source>
        <translation>「キー = 値」が必要です</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the key name before “%1” is missing</source>
        <translation>「%1」の前のキー名がありません</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the key “%1” appears twice in [%2] (first on line %3)</source>
        <translation>キー「%1」が [%2] 内で重複しています（最初は %3 行目）</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1, line %2: %3</source>
        <translation>%1、%2 行目: %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsJsonCall</name>
    <message>
        <location filename="../core/api/awsjsoncall.cpp" line="+148"/>
        <source>The request was cancelled.</source>
        <translation>リクエストはキャンセルされました。</translation>
    </message>
    <message>
        <location line="+117"/>
        <location line="+30"/>
        <location line="+20"/>
        <source>The client of this call no longer exists.</source>
        <translation>この呼び出しのクライアントはもう存在しません。</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>No AWS credentials are configured.</source>
        <translation>AWS の認証情報が設定されていません。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No AWS credentials are available.</source>
        <translation>利用できる AWS の認証情報がありません。</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>The response is larger than %1 MiB; it was not read.</source>
        <translation>応答が %1 MiB を超えているため、読み込みませんでした。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No data arrived for %1 ms; the attempt timed out.</source>
        <translation>%1 ミリ秒間データが届かなかったため、タイムアウトしました。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The connection closed after %1 of %2 bytes of the response.</source>
        <translation>応答の %2 バイト中 %1 バイトを受信した時点で接続が閉じられました。</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The server closed the connection without a response.</source>
        <translation>サーバーが応答せずに接続を閉じました。</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>The endpoint answered with a redirect (HTTP %1) to &quot;%2&quot;; redirects are not followed. Check the endpoint URL.</source>
        <translation>エンドポイントが「%2」へのリダイレクト（HTTP %1）を返しました。リダイレクトには従いません。エンドポイント URL を確認してください。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CaBundle</name>
    <message>
        <location filename="../core/http/cabundle.cpp" line="+11"/>
        <source>The CA bundle %1 could not be read: %2</source>
        <translation>CA バンドル %1 を読み込めませんでした: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The CA bundle %1 holds no PEM certificate.</source>
        <translation>CA バンドル %1 に PEM 証明書がありません。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ConnectionResolver</name>
    <message>
        <location filename="../core/aws/connectionresolver.cpp" line="+71"/>
        <source>%1 of profile %2 (%3, line %4)</source>
        <translation>プロファイル %2 の %1（%3、%4 行目）</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>The profile “%1” (from %2) could not be found in %3, in %4 or among the PartnerDesk profiles.</source>
        <translation>プロファイル「%1」（%2 で指定）は %3、%4、PartnerDesk のプロファイルのいずれにも見つかりません。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.</source>
        <translation>AWS_ACCESS_KEY_ID は設定されていますが、AWS_SECRET_ACCESS_KEY が設定されていません。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>environment variables</source>
        <translation>環境変数</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Profile %1 assumes a role (role_arn), which PartnerDesk does not support. Give it temporary keys, or use a profile with credential_process = aws configure export-credentials --profile %1 --format process.</source>
        <translation>プロファイル %1 はロールを引き受けます（role_arn）が、PartnerDesk はこれに対応していません。一時的なキーを設定するか、credential_process = aws configure export-credentials --profile %1 --format process を指定したプロファイルを使用してください。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Profile %1 uses a web identity token (web_identity_token_file), which PartnerDesk does not support.</source>
        <translation>プロファイル %1 は Web ID トークン（web_identity_token_file）を使用しますが、PartnerDesk はこれに対応していません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Profile %1 signs in through IAM Identity Center (SSO), which PartnerDesk does not support directly. Use a profile with credential_process = aws configure export-credentials --profile %1 --format process.</source>
        <translation>プロファイル %1 は IAM Identity Center（SSO）でサインインしますが、PartnerDesk はこれに直接対応していません。credential_process = aws configure export-credentials --profile %1 --format process を指定したプロファイルを使用してください。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Profile %1 in %2 has aws_access_key_id but no aws_secret_access_key.</source>
        <translation>%2 のプロファイル %1 には aws_access_key_id がありますが、aws_secret_access_key がありません。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>profile %1 (%2)</source>
        <translation>プロファイル %1（%2）</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Profile %1 has no credentials: add aws_access_key_id and aws_secret_access_key, or credential_process, to it in %2 or %3.</source>
        <translation>プロファイル %1 に認証情報がありません。%2 または %3 で aws_access_key_id と aws_secret_access_key、または credential_process を追加してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No AWS credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile, add a [default] profile to %1, or create a PartnerDesk profile.</source>
        <translation>AWS の認証情報が見つかりません。AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY を設定するか、プロファイルを選択するか、%1 に [default] プロファイルを追加するか、PartnerDesk のプロファイルを作成してください。</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+49"/>
        <source>PartnerDesk profile %1</source>
        <translation>PartnerDesk プロファイル %1</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>default</source>
        <translation>既定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The region “%1” (from %2) is not a valid region name.</source>
        <translation>リージョン「%1」（%2 で指定）は有効なリージョン名ではありません。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>[services %1] %2 endpoint_url in %3</source>
        <translation>%3 の [services %1] %2 endpoint_url</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>default for region %1</source>
        <translation>リージョン %1 の既定値</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The endpoint URL “%1” (from %2) is not valid: it must look like https://host[:port].</source>
        <translation>エンドポイント URL「%1」（%2 で指定）は無効です。https://ホスト[:ポート] の形式にしてください。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The endpoint URL “%1” (from %2) may not contain a user name, a query or a fragment.</source>
        <translation>エンドポイント URL「%1」（%2 で指定）にユーザー名、クエリ、フラグメントは含められません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (The endpoint came from %2.)</source>
        <translation>%1（エンドポイントの指定元: %2）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The retry mode “%1” (from %2) is not one of standard, legacy or adaptive.</source>
        <translation>再試行モード「%1」（%2 で指定）は standard、legacy、adaptive のいずれでもありません。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The maximum number of attempts “%1” (from %2) is not a positive whole number.</source>
        <translation>最大試行回数「%1」（%2 で指定）は正の整数ではありません。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>%1 (The proxy came from the connection settings.)</source>
        <translation>%1（プロキシの指定元: 接続設定）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the connection settings</source>
        <translation>接続設定</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the system proxy settings</source>
        <translation>システムのプロキシ設定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system proxy for %1 is not an HTTP proxy, which PartnerDesk does not support. Choose a manual HTTP proxy in the connection settings.</source>
        <translation>%1 のシステムプロキシは HTTP プロキシではありません。PartnerDesk は HTTP プロキシにのみ対応しています。接続設定で手動の HTTP プロキシを選択してください。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 (The proxy came from %2.)</source>
        <translation>%1（プロキシの指定元: %2）</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 (The CA bundle came from %2.)</source>
        <translation>%1（CA バンドルの指定元: %2）</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ConnectionTest</name>
    <message>
        <location filename="../core/api/connectiontest.cpp" line="+33"/>
        <source>%1 The service said: “%2”</source>
        <translation>%1 サービスからのメッセージ:「%2」</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Catalog %1: connected. These credentials may list opportunities (%2 ms).</source>
        <translation>カタログ %1: 接続しました。この認証情報で商談を一覧表示できます（%2 ミリ秒）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Catalog %1: access denied. The keys are valid, but their IAM identity is not allowed the action %2 for this catalog. Add it to a policy; the condition key %3 can limit it to the catalogs you use.</source>
        <translation>カタログ %1: アクセスが拒否されました。キーは有効ですが、その IAM ID にはこのカタログに対するアクション %2 が許可されていません。ポリシーに追加してください。条件キー %3 で、使用するカタログに限定できます。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Catalog %1: the signature was rejected. The secret access key does not belong to this access key ID, or this computer&apos;s clock is wrong.</source>
        <translation>カタログ %1: 署名が拒否されました。シークレットアクセスキーがこのアクセスキー ID のものではないか、このコンピューターの時計がずれています。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Catalog %1: AWS does not know this access key ID (or its session token). Check for typing mistakes, or whether the key was deactivated or deleted.</source>
        <translation>カタログ %1: AWS はこのアクセスキー ID（またはそのセッショントークン）を認識していません。入力ミスがないか、キーが無効化または削除されていないか確認してください。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Catalog %1: the credentials have expired. Get new temporary credentials and a new session token.</source>
        <translation>カタログ %1: 認証情報の有効期限が切れています。新しい一時的な認証情報とセッショントークンを取得してください。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Catalog %1: the credentials were refused (%2).</source>
        <translation>カタログ %1: 認証情報が拒否されました（%2）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Catalog %1: nothing was sent. %2</source>
        <translation>カタログ %1: 何も送信されていません。%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service could not be reached: %2</source>
        <translation>カタログ %1: サービスに接続できませんでした: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service did not answer in time.</source>
        <translation>カタログ %1: サービスが時間内に応答しませんでした。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service is throttling requests for this account. Try again in a moment.</source>
        <translation>カタログ %1: サービスがこのアカウントのリクエストを制限しています。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalog %1: cancelled.</source>
        <translation>カタログ %1: キャンセルしました。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Catalog %1: the service answered %2 (HTTP %3).</source>
        <translation>カタログ %1: サービスが %2 を返しました（HTTP %3）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Catalog %1: the request failed: %2</source>
        <translation>カタログ %1: リクエストが失敗しました: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CountryNames</name>
    <message>
        <location filename="../core/model/countrynames.cpp" line="+23"/>
        <source>United States</source>
        <comment>country</comment>
        <translation>アメリカ合衆国</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afghanistan</source>
        <comment>country</comment>
        <translation>アフガニスタン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Åland Islands</source>
        <comment>country</comment>
        <translation>オーランド諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Albania</source>
        <comment>country</comment>
        <translation>アルバニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Algeria</source>
        <comment>country</comment>
        <translation>アルジェリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>American Samoa</source>
        <comment>country</comment>
        <translation>米領サモア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Andorra</source>
        <comment>country</comment>
        <translation>アンドラ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Angola</source>
        <comment>country</comment>
        <translation>アンゴラ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anguilla</source>
        <comment>country</comment>
        <translation>アンギラ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Antarctica</source>
        <comment>country</comment>
        <translation>南極</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Argentina</source>
        <comment>country</comment>
        <translation>アルゼンチン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Armenia</source>
        <comment>country</comment>
        <translation>アルメニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aruba</source>
        <comment>country</comment>
        <translation>アルバ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Australia</source>
        <comment>country</comment>
        <translation>オーストラリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Austria</source>
        <comment>country</comment>
        <translation>オーストリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azerbaijan</source>
        <comment>country</comment>
        <translation>アゼルバイジャン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bahamas</source>
        <comment>country</comment>
        <translation>バハマ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bahrain</source>
        <comment>country</comment>
        <translation>バーレーン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bangladesh</source>
        <comment>country</comment>
        <translation>バングラデシュ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barbados</source>
        <comment>country</comment>
        <translation>バルバドス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belarus</source>
        <comment>country</comment>
        <translation>ベラルーシ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belgium</source>
        <comment>country</comment>
        <translation>ベルギー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belize</source>
        <comment>country</comment>
        <translation>ベリーズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Benin</source>
        <comment>country</comment>
        <translation>ベナン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bermuda</source>
        <comment>country</comment>
        <translation>バミューダ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bhutan</source>
        <comment>country</comment>
        <translation>ブータン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bolivia</source>
        <comment>country</comment>
        <translation>ボリビア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caribbean Netherlands</source>
        <comment>country</comment>
        <translation>オランダ領カリブ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bosnia and Herzegovina</source>
        <comment>country</comment>
        <translation>ボスニア・ヘルツェゴビナ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Botswana</source>
        <comment>country</comment>
        <translation>ボツワナ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bouvet Island</source>
        <comment>country</comment>
        <translation>ブーベ島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brazil</source>
        <comment>country</comment>
        <translation>ブラジル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>British Indian Ocean Territory</source>
        <comment>country</comment>
        <translation>英領インド洋地域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brunei</source>
        <comment>country</comment>
        <translation>ブルネイ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bulgaria</source>
        <comment>country</comment>
        <translation>ブルガリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Burkina Faso</source>
        <comment>country</comment>
        <translation>ブルキナファソ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Burundi</source>
        <comment>country</comment>
        <translation>ブルンジ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cambodia</source>
        <comment>country</comment>
        <translation>カンボジア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cameroon</source>
        <comment>country</comment>
        <translation>カメルーン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Canada</source>
        <comment>country</comment>
        <translation>カナダ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cape Verde</source>
        <comment>country</comment>
        <translation>カーボベルデ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cayman Islands</source>
        <comment>country</comment>
        <translation>ケイマン諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Central African Republic</source>
        <comment>country</comment>
        <translation>中央アフリカ共和国</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chad</source>
        <comment>country</comment>
        <translation>チャド</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chile</source>
        <comment>country</comment>
        <translation>チリ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>China</source>
        <comment>country</comment>
        <translation>中国</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Christmas Island</source>
        <comment>country</comment>
        <translation>クリスマス島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cocos (Keeling) Islands</source>
        <comment>country</comment>
        <translation>ココス(キーリング)諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colombia</source>
        <comment>country</comment>
        <translation>コロンビア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comoros</source>
        <comment>country</comment>
        <translation>コモロ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Congo - Brazzaville</source>
        <comment>country</comment>
        <translation>コンゴ共和国(ブラザビル)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cook Islands</source>
        <comment>country</comment>
        <translation>クック諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Costa Rica</source>
        <comment>country</comment>
        <translation>コスタリカ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Côte d’Ivoire</source>
        <comment>country</comment>
        <translation>コートジボワール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Croatia</source>
        <comment>country</comment>
        <translation>クロアチア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cuba</source>
        <comment>country</comment>
        <translation>キューバ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Curaçao</source>
        <comment>country</comment>
        <translation>キュラソー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cyprus</source>
        <comment>country</comment>
        <translation>キプロス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Czechia</source>
        <comment>country</comment>
        <translation>チェコ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Congo - Kinshasa</source>
        <comment>country</comment>
        <translation>コンゴ民主共和国(キンシャサ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denmark</source>
        <comment>country</comment>
        <translation>デンマーク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Djibouti</source>
        <comment>country</comment>
        <translation>ジブチ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dominica</source>
        <comment>country</comment>
        <translation>ドミニカ国</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dominican Republic</source>
        <comment>country</comment>
        <translation>ドミニカ共和国</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ecuador</source>
        <comment>country</comment>
        <translation>エクアドル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Egypt</source>
        <comment>country</comment>
        <translation>エジプト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>El Salvador</source>
        <comment>country</comment>
        <translation>エルサルバドル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Equatorial Guinea</source>
        <comment>country</comment>
        <translation>赤道ギニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eritrea</source>
        <comment>country</comment>
        <translation>エリトリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estonia</source>
        <comment>country</comment>
        <translation>エストニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ethiopia</source>
        <comment>country</comment>
        <translation>エチオピア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Falkland Islands</source>
        <comment>country</comment>
        <translation>フォークランド諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Faroe Islands</source>
        <comment>country</comment>
        <translation>フェロー諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fiji</source>
        <comment>country</comment>
        <translation>フィジー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finland</source>
        <comment>country</comment>
        <translation>フィンランド</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>France</source>
        <comment>country</comment>
        <translation>フランス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Guiana</source>
        <comment>country</comment>
        <translation>仏領ギアナ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Polynesia</source>
        <comment>country</comment>
        <translation>仏領ポリネシア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Southern Territories</source>
        <comment>country</comment>
        <translation>仏領極南諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gabon</source>
        <comment>country</comment>
        <translation>ガボン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gambia</source>
        <comment>country</comment>
        <translation>ガンビア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Georgia</source>
        <comment>country</comment>
        <translation>ジョージア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Germany</source>
        <comment>country</comment>
        <translation>ドイツ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ghana</source>
        <comment>country</comment>
        <translation>ガーナ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gibraltar</source>
        <comment>country</comment>
        <translation>ジブラルタル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greece</source>
        <comment>country</comment>
        <translation>ギリシャ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greenland</source>
        <comment>country</comment>
        <translation>グリーンランド</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grenada</source>
        <comment>country</comment>
        <translation>グレナダ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guadeloupe</source>
        <comment>country</comment>
        <translation>グアドループ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guam</source>
        <comment>country</comment>
        <translation>グアム</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guatemala</source>
        <comment>country</comment>
        <translation>グアテマラ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guernsey</source>
        <comment>country</comment>
        <translation>ガーンジー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guinea</source>
        <comment>country</comment>
        <translation>ギニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guinea-Bissau</source>
        <comment>country</comment>
        <translation>ギニアビサウ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guyana</source>
        <comment>country</comment>
        <translation>ガイアナ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Haiti</source>
        <comment>country</comment>
        <translation>ハイチ</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Antigua and Barbuda</source>
        <comment>country</comment>
        <translation>アンティグア・バーブーダ</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Heard and McDonald Islands</source>
        <comment>country</comment>
        <translation>ハード島・マクドナルド諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vatican City</source>
        <comment>country</comment>
        <translation>バチカン市国</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Honduras</source>
        <comment>country</comment>
        <translation>ホンジュラス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hong Kong</source>
        <comment>country</comment>
        <translation>香港</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hungary</source>
        <comment>country</comment>
        <translation>ハンガリー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iceland</source>
        <comment>country</comment>
        <translation>アイスランド</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>India</source>
        <comment>country</comment>
        <translation>インド</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indonesia</source>
        <comment>country</comment>
        <translation>インドネシア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iran</source>
        <comment>country</comment>
        <translation>イラン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iraq</source>
        <comment>country</comment>
        <translation>イラク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ireland</source>
        <comment>country</comment>
        <translation>アイルランド</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Isle of Man</source>
        <comment>country</comment>
        <translation>マン島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Israel</source>
        <comment>country</comment>
        <translation>イスラエル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Italy</source>
        <comment>country</comment>
        <translation>イタリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jamaica</source>
        <comment>country</comment>
        <translation>ジャマイカ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Japan</source>
        <comment>country</comment>
        <translation>日本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jersey</source>
        <comment>country</comment>
        <translation>ジャージー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jordan</source>
        <comment>country</comment>
        <translation>ヨルダン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kazakhstan</source>
        <comment>country</comment>
        <translation>カザフスタン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kenya</source>
        <comment>country</comment>
        <translation>ケニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kiribati</source>
        <comment>country</comment>
        <translation>キリバス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>South Korea</source>
        <comment>country</comment>
        <translation>韓国</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kuwait</source>
        <comment>country</comment>
        <translation>クウェート</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kyrgyzstan</source>
        <comment>country</comment>
        <translation>キルギス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Laos</source>
        <comment>country</comment>
        <translation>ラオス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latvia</source>
        <comment>country</comment>
        <translation>ラトビア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lebanon</source>
        <comment>country</comment>
        <translation>レバノン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lesotho</source>
        <comment>country</comment>
        <translation>レソト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Liberia</source>
        <comment>country</comment>
        <translation>リベリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Libya</source>
        <comment>country</comment>
        <translation>リビア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Liechtenstein</source>
        <comment>country</comment>
        <translation>リヒテンシュタイン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lithuania</source>
        <comment>country</comment>
        <translation>リトアニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Luxembourg</source>
        <comment>country</comment>
        <translation>ルクセンブルク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Macao</source>
        <comment>country</comment>
        <translation>マカオ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>North Macedonia</source>
        <comment>country</comment>
        <translation>北マケドニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Madagascar</source>
        <comment>country</comment>
        <translation>マダガスカル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malawi</source>
        <comment>country</comment>
        <translation>マラウイ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malaysia</source>
        <comment>country</comment>
        <translation>マレーシア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maldives</source>
        <comment>country</comment>
        <translation>モルディブ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mali</source>
        <comment>country</comment>
        <translation>マリ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malta</source>
        <comment>country</comment>
        <translation>マルタ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marshall Islands</source>
        <comment>country</comment>
        <translation>マーシャル諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Martinique</source>
        <comment>country</comment>
        <translation>マルティニーク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mauritania</source>
        <comment>country</comment>
        <translation>モーリタニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mauritius</source>
        <comment>country</comment>
        <translation>モーリシャス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mayotte</source>
        <comment>country</comment>
        <translation>マヨット</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mexico</source>
        <comment>country</comment>
        <translation>メキシコ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micronesia</source>
        <comment>country</comment>
        <translation>ミクロネシア連邦</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moldova</source>
        <comment>country</comment>
        <translation>モルドバ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monaco</source>
        <comment>country</comment>
        <translation>モナコ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mongolia</source>
        <comment>country</comment>
        <translation>モンゴル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Montenegro</source>
        <comment>country</comment>
        <translation>モンテネグロ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Montserrat</source>
        <comment>country</comment>
        <translation>モントセラト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Morocco</source>
        <comment>country</comment>
        <translation>モロッコ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mozambique</source>
        <comment>country</comment>
        <translation>モザンビーク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Myanmar (Burma)</source>
        <comment>country</comment>
        <translation>ミャンマー (ビルマ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Namibia</source>
        <comment>country</comment>
        <translation>ナミビア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nauru</source>
        <comment>country</comment>
        <translation>ナウル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nepal</source>
        <comment>country</comment>
        <translation>ネパール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netherlands</source>
        <comment>country</comment>
        <translation>オランダ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netherlands Antilles</source>
        <comment>country</comment>
        <translation>オランダ領アンティル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Caledonia</source>
        <comment>country</comment>
        <translation>ニューカレドニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Zealand</source>
        <comment>country</comment>
        <translation>ニュージーランド</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nicaragua</source>
        <comment>country</comment>
        <translation>ニカラグア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Niger</source>
        <comment>country</comment>
        <translation>ニジェール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nigeria</source>
        <comment>country</comment>
        <translation>ナイジェリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Niue</source>
        <comment>country</comment>
        <translation>ニウエ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Norfolk Island</source>
        <comment>country</comment>
        <translation>ノーフォーク島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Northern Mariana Islands</source>
        <comment>country</comment>
        <translation>北マリアナ諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Norway</source>
        <comment>country</comment>
        <translation>ノルウェー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oman</source>
        <comment>country</comment>
        <translation>オマーン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pakistan</source>
        <comment>country</comment>
        <translation>パキスタン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Palau</source>
        <comment>country</comment>
        <translation>パラオ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Palestinian Territories</source>
        <comment>country</comment>
        <translation>パレスチナ自治区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Panama</source>
        <comment>country</comment>
        <translation>パナマ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Papua New Guinea</source>
        <comment>country</comment>
        <translation>パプアニューギニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paraguay</source>
        <comment>country</comment>
        <translation>パラグアイ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peru</source>
        <comment>country</comment>
        <translation>ペルー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Philippines</source>
        <comment>country</comment>
        <translation>フィリピン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pitcairn Islands</source>
        <comment>country</comment>
        <translation>ピトケアン諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poland</source>
        <comment>country</comment>
        <translation>ポーランド</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portugal</source>
        <comment>country</comment>
        <translation>ポルトガル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Puerto Rico</source>
        <comment>country</comment>
        <translation>プエルトリコ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qatar</source>
        <comment>country</comment>
        <translation>カタール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Réunion</source>
        <comment>country</comment>
        <translation>レユニオン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Romania</source>
        <comment>country</comment>
        <translation>ルーマニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Russia</source>
        <comment>country</comment>
        <translation>ロシア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rwanda</source>
        <comment>country</comment>
        <translation>ルワンダ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Barthélemy</source>
        <comment>country</comment>
        <translation>サン・バルテルミー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Helena</source>
        <comment>country</comment>
        <translation>セントヘレナ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Kitts and Nevis</source>
        <comment>country</comment>
        <translation>セントクリストファー・ネーヴィス</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St. Pierre and Miquelon</source>
        <comment>country</comment>
        <translation>サンピエール島・ミクロン島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Vincent and Grenadines</source>
        <comment>country</comment>
        <translation>セントビンセント及びグレナディーン諸島</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>São Tomé and Príncipe</source>
        <comment>country</comment>
        <translation>サントメ・プリンシペ</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>South Georgia and South Sandwich Islands</source>
        <comment>country</comment>
        <translation>サウスジョージア・サウスサンドウィッチ諸島</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Svalbard and Jan Mayen</source>
        <comment>country</comment>
        <translation>スバールバル諸島・ヤンマイエン島</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Trinidad and Tobago</source>
        <comment>country</comment>
        <translation>トリニダード・トバゴ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Turks and Caicos Islands</source>
        <comment>country</comment>
        <translation>タークス・カイコス諸島</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Wallis and Futuna</source>
        <comment>country</comment>
        <translation>ウォリス・フツナ</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>St. Lucia</source>
        <comment>country</comment>
        <translation>セントルシア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Martin</source>
        <comment>country</comment>
        <translation>サン・マルタン</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Samoa</source>
        <comment>country</comment>
        <translation>サモア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>San Marino</source>
        <comment>country</comment>
        <translation>サンマリノ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saudi Arabia</source>
        <comment>country</comment>
        <translation>サウジアラビア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Senegal</source>
        <comment>country</comment>
        <translation>セネガル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serbia</source>
        <comment>country</comment>
        <translation>セルビア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seychelles</source>
        <comment>country</comment>
        <translation>セーシェル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sierra Leone</source>
        <comment>country</comment>
        <translation>シエラレオネ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Singapore</source>
        <comment>country</comment>
        <translation>シンガポール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sint Maarten</source>
        <comment>country</comment>
        <translation>シント・マールテン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovakia</source>
        <comment>country</comment>
        <translation>スロバキア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovenia</source>
        <comment>country</comment>
        <translation>スロベニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solomon Islands</source>
        <comment>country</comment>
        <translation>ソロモン諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Somalia</source>
        <comment>country</comment>
        <translation>ソマリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>South Africa</source>
        <comment>country</comment>
        <translation>南アフリカ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>South Sudan</source>
        <comment>country</comment>
        <translation>南スーダン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spain</source>
        <comment>country</comment>
        <translation>スペイン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sri Lanka</source>
        <comment>country</comment>
        <translation>スリランカ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sudan</source>
        <comment>country</comment>
        <translation>スーダン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suriname</source>
        <comment>country</comment>
        <translation>スリナム</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Eswatini</source>
        <comment>country</comment>
        <translation>エスワティニ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sweden</source>
        <comment>country</comment>
        <translation>スウェーデン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switzerland</source>
        <comment>country</comment>
        <translation>スイス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syria</source>
        <comment>country</comment>
        <translation>シリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taiwan</source>
        <comment>country</comment>
        <translation>台湾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tajikistan</source>
        <comment>country</comment>
        <translation>タジキスタン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tanzania</source>
        <comment>country</comment>
        <translation>タンザニア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thailand</source>
        <comment>country</comment>
        <translation>タイ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timor-Leste</source>
        <comment>country</comment>
        <translation>東ティモール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Togo</source>
        <comment>country</comment>
        <translation>トーゴ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tokelau</source>
        <comment>country</comment>
        <translation>トケラウ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tonga</source>
        <comment>country</comment>
        <translation>トンガ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tunisia</source>
        <comment>country</comment>
        <translation>チュニジア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkey</source>
        <comment>country</comment>
        <translation>トルコ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkmenistan</source>
        <comment>country</comment>
        <translation>トルクメニスタン</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tuvalu</source>
        <comment>country</comment>
        <translation>ツバル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uganda</source>
        <comment>country</comment>
        <translation>ウガンダ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ukraine</source>
        <comment>country</comment>
        <translation>ウクライナ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>United Arab Emirates</source>
        <comment>country</comment>
        <translation>アラブ首長国連邦</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>United Kingdom</source>
        <comment>country</comment>
        <translation>イギリス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U.S. Outlying Islands</source>
        <comment>country</comment>
        <translation>合衆国領有小離島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uruguay</source>
        <comment>country</comment>
        <translation>ウルグアイ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uzbekistan</source>
        <comment>country</comment>
        <translation>ウズベキスタン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vanuatu</source>
        <comment>country</comment>
        <translation>バヌアツ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Venezuela</source>
        <comment>country</comment>
        <translation>ベネズエラ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vietnam</source>
        <comment>country</comment>
        <translation>ベトナム</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>British Virgin Islands</source>
        <comment>country</comment>
        <translation>英領ヴァージン諸島</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U.S. Virgin Islands</source>
        <comment>country</comment>
        <translation>米領ヴァージン諸島</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Western Sahara</source>
        <comment>country</comment>
        <translation>西サハラ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yemen</source>
        <comment>country</comment>
        <translation>イエメン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zambia</source>
        <comment>country</comment>
        <translation>ザンビア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zimbabwe</source>
        <comment>country</comment>
        <translation>ジンバブエ</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CredentialProcessProvider</name>
    <message>
        <location filename="../core/aws/credentialprocessprovider.cpp" line="+58"/>
        <source>credential_process of profile %1</source>
        <translation>プロファイル %1 の credential_process</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The credential_process of profile %1 failed: %2</source>
        <translation>プロファイル %1 の credential_process が失敗しました: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The credential_process (%1) of profile %2 failed: %3</source>
        <translation>プロファイル %2 の credential_process（%1）が失敗しました: %3</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The credential_process of profile %1 cannot be run: %2</source>
        <translation>プロファイル %1 の credential_process を実行できません: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the command is empty.</source>
        <translation>コマンドが空です。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>it could not be started (%1).</source>
        <translation>起動できませんでした（%1）。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source> Its error output: %1</source>
        <translation> エラー出力: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>it did not finish within %n second(s).</source>
        <translation>
            <numerusform>%n 秒以内に終了しませんでした。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>its output exceeded %1 KiB.</source>
        <translation>出力が %1 KiB を超えました。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it crashed.</source>
        <translation>クラッシュしました。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it exited with code %1.</source>
        <translation>終了コード %1 で終了しました。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>it returned credentials that expired at %1.</source>
        <translation>%1 に有効期限が切れた認証情報を返しました。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>its output is not a JSON object.</source>
        <translation>出力が JSON オブジェクトではありません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its output has no &quot;Version&quot; (expected 1).</source>
        <translation>出力に &quot;Version&quot; がありません（1 が必要です）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its output has an unsupported &quot;Version&quot; (only 1 is supported).</source>
        <translation>出力の &quot;Version&quot; に対応していません（対応しているのは 1 のみです）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>its output has no &quot;AccessKeyId&quot; string.</source>
        <translation>出力に文字列 &quot;AccessKeyId&quot; がありません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its output has no &quot;SecretAccessKey&quot; string.</source>
        <translation>出力に文字列 &quot;SecretAccessKey&quot; がありません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its &quot;SessionToken&quot; is not a string.</source>
        <translation>&quot;SessionToken&quot; が文字列ではありません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its &quot;Expiration&quot; is not a string.</source>
        <translation>&quot;Expiration&quot; が文字列ではありません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its &quot;Expiration&quot; is not an ISO 8601 date-time: %1</source>
        <translation>&quot;Expiration&quot; が ISO 8601 形式の日時ではありません: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CsvWriter</name>
    <message>
        <location filename="../core/output/csvwriter.cpp" line="+105"/>
        <source>The CSV output is not open for writing.</source>
        <translation>CSV の出力先が書き込み用に開かれていません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not write the CSV output: %1</source>
        <translation>CSV を書き込めませんでした: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::DetailsLoader</name>
    <message>
        <location filename="../core/model/detailsloader.cpp" line="+68"/>
        <source>Not connected.</source>
        <translation>未接続です。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::EndpointPolicy</name>
    <message>
        <location filename="../core/http/endpointpolicy.cpp" line="+22"/>
        <source>The endpoint URL &quot;%1&quot; is not a valid URL with a host name.</source>
        <translation>エンドポイント URL「%1」はホスト名を含む有効な URL ではありません。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The endpoint URL &quot;%1&quot; must start with https://.</source>
        <translation>エンドポイント URL「%1」は https:// で始まる必要があります。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refusing the plain-HTTP endpoint &quot;%1&quot;: the request and its signature would travel unencrypted. Use https://, or http:// only with a loopback address (127.0.0.1, ::1 or localhost).</source>
        <translation>暗号化されていない HTTP エンドポイント「%1」は使用できません。リクエストと署名が暗号化されずに送信されるためです。https:// を使用するか、http:// はループバックアドレス（127.0.0.1、::1、localhost）でのみ使用してください。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Refusing to send plain-HTTP requests for &quot;%1&quot; through the proxy %2: the request and its signature would travel unencrypted. Add the endpoint&apos;s host to NO_PROXY, or use a proxy on this computer.</source>
        <translation>「%1」への暗号化されていない HTTP リクエストをプロキシ %2 経由で送信することを拒否しました。リクエストとその署名が暗号化されずに送信されるためです。エンドポイントのホストを NO_PROXY に追加するか、このコンピューター上のプロキシを使用してください。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpClient</name>
    <message>
        <location filename="../core/http/httpclient.cpp" line="+244"/>
        <source>The proxy %1 did not answer the tunnel request with HTTP: %2</source>
        <translation>プロキシ %1 がトンネル要求に HTTP で応答しませんでした: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The proxy %1 refused the tunnel to %2 with HTTP %3 %4.</source>
        <translation>プロキシ %1 が %2 へのトンネルを HTTP %3 %4 で拒否しました。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The proxy %1 sent data before the TLS handshake with %2.</source>
        <translation>プロキシ %1 が %2 との TLS ハンドシェイクの前にデータを送信しました。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The proxy %1 answered 407 (Proxy authentication required): it refused the user name and password of the proxy URL.</source>
        <translation>プロキシ %1 が 407（プロキシ認証が必要）を返しました。プロキシ URL のユーザー名とパスワードが拒否されました。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy %1 answered 407 (Proxy authentication required): give the proxy URL a user name and password, as http://user:password@host:port.</source>
        <translation>プロキシ %1 が 407（プロキシ認証が必要）を返しました。プロキシ URL にユーザー名とパスワードを http://ユーザー:パスワード@ホスト:ポート の形式で指定してください。</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The proxy %1 closed the connection instead of opening a tunnel to %2.</source>
        <translation>プロキシ %1 は %2 へのトンネルを開かずに接続を閉じました。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The TLS handshake with %1 failed: %2</source>
        <translation>%1 との TLS ハンドシェイクに失敗しました: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not connect to the proxy %1: %2</source>
        <translation>プロキシ %1 に接続できませんでした: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The proxy %1 did not answer the tunnel request within %2 ms.</source>
        <translation>プロキシ %1 がトンネル要求に %2 ミリ秒以内に応答しませんでした。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No data arrived for %1 ms; the exchange timed out.</source>
        <translation>%1 ミリ秒間データが届かなかったため、やり取りがタイムアウトしました。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpReply</name>
    <message>
        <location line="+58"/>
        <source>The request was cancelled.</source>
        <translation>リクエストはキャンセルされました。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpResponseParser</name>
    <message>
        <location filename="../core/http/httpresponseparser.cpp" line="+159"/>
        <source>The connection closed without a response.</source>
        <translation>応答がないまま接続が閉じられました。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection closed in the middle of the response header.</source>
        <translation>応答ヘッダーの途中で接続が閉じられました。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection closed after %1 bytes of the response body.</source>
        <translation>応答本文を %1 バイト受信した時点で接続が閉じられました。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A line of the response is longer than %1 KiB.</source>
        <translation>応答の行が %1 KiB を超えています。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The response does not start with an HTTP/1.x status line.</source>
        <translation>応答が HTTP/1.x のステータス行で始まっていません。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The response folds a header field over several lines.</source>
        <translation>応答のヘッダーフィールドが複数行に折り返されています。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The response has a malformed header field.</source>
        <translation>応答に不正な形式のヘッダーフィールドがあります。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The server switched protocols, which was not asked for.</source>
        <translation>要求していないのに、サーバーがプロトコルを切り替えました。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The response has an invalid or conflicting Content-Length.</source>
        <translation>応答の Content-Length が無効であるか、矛盾しています。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The response announces %1 bytes, more than the %2 accepted.</source>
        <translation>応答のサイズとして %1 バイトが示されていますが、上限の %2 バイトを超えています。</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>A chunk of the response runs past its size.</source>
        <translation>応答のチャンクが指定されたサイズを超えています。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The response has an invalid chunk size.</source>
        <translation>応答のチャンクサイズが無効です。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+13"/>
        <source>The response is larger than the %1 bytes accepted.</source>
        <translation>応答が上限の %1 バイトを超えています。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::KeychainCredentialStore</name>
    <message>
        <location filename="../core/aws/keychaincredentialstore.cpp" line="+44"/>
        <source>Nothing is stored in the system keychain under “%1”.</source>
        <translation>システムのキーチェーンに「%1」は保存されていません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No system keychain is available (on Linux, a Secret Service such as GNOME Keyring or KWallet must be running and unlocked).</source>
        <translation>システムのキーチェーンを利用できません（Linux では GNOME Keyring や KWallet などの Secret Service が起動し、ロック解除されている必要があります）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Access to “%1” in the system keychain was denied.</source>
        <translation>システムのキーチェーン内の「%1」へのアクセスが拒否されました。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reading “%1” from the system keychain failed.</source>
        <translation>システムのキーチェーンから「%1」を読み込めませんでした。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Storing “%1” in the system keychain failed.</source>
        <translation>システムのキーチェーンに「%1」を保存できませんでした。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Removing “%1” from the system keychain failed.</source>
        <translation>システムのキーチェーンから「%1」を削除できませんでした。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>system keychain</source>
        <translation>システムのキーチェーン</translation>
    </message>
</context>
<context>
    <name>Pd::Core::KeychainCredentialsProvider</name>
    <message>
        <location filename="../core/aws/keychaincredentialsprovider.cpp" line="+21"/>
        <source>PartnerDesk profile %1 (%2)</source>
        <translation>PartnerDesk プロファイル %1（%2）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>PartnerDesk profile %1 has no access key id.</source>
        <translation>PartnerDesk プロファイル %1 にアクセスキー ID がありません。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The secret access key of PartnerDesk profile %1 is missing from the %2. Enter it again in the profile settings.</source>
        <translation>PartnerDesk プロファイル %1 のシークレットアクセスキーが%2にありません。プロファイル設定でもう一度入力してください。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The secret access key of PartnerDesk profile %1 could not be read: %2</source>
        <translation>PartnerDesk プロファイル %1 のシークレットアクセスキーを読み込めませんでした: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The session token of PartnerDesk profile %1 could not be read: %2</source>
        <translation>PartnerDesk プロファイル %1 のセッショントークンを読み込めませんでした: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ListOpportunitiesRequest</name>
    <message>
        <location filename="../core/api/listopportunitiesrequest.cpp" line="+150"/>
        <source>%1 accepts at most %2 values; %3 were given.</source>
        <translation>%1 に指定できる値は最大 %2 個ですが、%3 個指定されています。</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+514"/>
        <source>%1 is not a valid %2. Allowed values (exact spelling): %3.</source>
        <translation>%1 は %2 として有効ではありません。使用できる値（表記どおり）: %3。</translation>
    </message>
    <message>
        <location line="-492"/>
        <source>%1 must lie between the years 0000 and 9999 (UTC).</source>
        <translation>%1 は 0000 年から 9999 年（UTC）の範囲内である必要があります。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+26"/>
        <source>%1 (%2) must not be later than %3 (%4).</source>
        <translation>%1（%2）は %3（%4）より後にできません。</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>%1 is not a valid %2; expected a date as YYYY-MM-DD, e.g. 2026-12-31.</source>
        <translation>%1 は %2 として有効ではありません。YYYY-MM-DD 形式の日付（例: 2026-12-31）を指定してください。</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 must be %2.</source>
        <translation>%1 は%2である必要があります。</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+24"/>
        <source>a string</source>
        <translation>文字列</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>a list of strings</source>
        <translation>文字列のリスト</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>a non-string value</source>
        <translation>文字列以外の値</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is not a valid %2; expected an RFC 3339 date-time string such as 2026-08-01T00:00:00Z.</source>
        <translation>%1 は %2 として有効ではありません。2026-08-01T00:00:00Z のような RFC 3339 形式の日時を指定してください。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>an object</source>
        <translation>オブジェクト</translation>
    </message>
    <message>
        <location line="+282"/>
        <source>Catalog is required: use &quot;AWS&quot; for production or &quot;Sandbox&quot; for testing.</source>
        <translation>Catalog は必須です。本番は &quot;AWS&quot;、テストは &quot;Sandbox&quot; を指定してください。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is not a valid Catalog; use &quot;AWS&quot; for production or &quot;Sandbox&quot; for testing.</source>
        <translation>%1 は有効な Catalog ではありません。本番は &quot;AWS&quot;、テストは &quot;Sandbox&quot; を指定してください。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 is required: an opportunity identifier, e.g. O1234567.</source>
        <translation>%1 は必須です。商談 ID を指定してください（例: O1234567）。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>MaxResults must be between %1 and %2; %3 was given.</source>
        <translation>MaxResults は %1～%2 の範囲で指定してください（指定値: %3）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 is required when Sort is given. Allowed values: %2.</source>
        <translation>Sort を指定する場合は %1 が必須です。使用できる値: %2。</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>%1 is not a valid opportunity identifier; expected &quot;O&quot; followed by 1 to 19 digits, e.g. O1234567.</source>
        <translation>%1 は有効な商談 ID ではありません。&quot;O&quot; の後に 1～19 桁の数字が続く形式（例: O1234567）で指定してください。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>review status</source>
        <translation>レビューステータス</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The request is not valid JSON: %1 at offset %2.</source>
        <translation>リクエストが有効な JSON ではありません: オフセット %2 で %1。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The request must be a JSON object.</source>
        <translation>リクエストは JSON オブジェクトである必要があります。</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+11"/>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>MaxResults must be between %1 and %2.</source>
        <translation>MaxResults は %1～%2 の範囲で指定してください。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ListOpportunitiesResponse</name>
    <message>
        <location filename="../core/api/opportunitysummary.cpp" line="+358"/>
        <source>The response is not a JSON object.</source>
        <translation>応答が JSON オブジェクトではありません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The response has no OpportunitySummaries list.</source>
        <translation>応答に OpportunitySummaries のリストがありません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 must be %2.</source>
        <translation>%1 は%2である必要があります。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>a string</source>
        <translation>文字列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a date-time string</source>
        <translation>日時の文字列</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>an object</source>
        <translation>オブジェクト</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a list</source>
        <translation>リスト</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a list of strings</source>
        <translation>文字列のリスト</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a list of objects</source>
        <translation>オブジェクトのリスト</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The response is not valid JSON: %1.</source>
        <translation>応答が有効な JSON ではありません: %1。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OperationCall</name>
    <message>
        <location filename="../core/api/operationcall.cpp" line="+29"/>
        <source>The client of this call no longer exists.</source>
        <translation>この呼び出しのクライアントはもう存在しません。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The request was cancelled.</source>
        <translation>リクエストはキャンセルされました。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The service sent a response that could not be read: %1</source>
        <translation>サービスから読み取れない応答が返されました: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityLister</name>
    <message>
        <location filename="../core/api/opportunitylister.cpp" line="+194"/>
        <source>No client to call the service with.</source>
        <translation>サービスを呼び出すクライアントがありません。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The listing was cancelled.</source>
        <translation>一覧の取得はキャンセルされました。</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>The service sent the same NextToken twice in a row.</source>
        <translation>サービスが同じ NextToken を 2 回続けて返しました。</translation>
    </message>
    <message>
        <location line="+328"/>
        <source>No page of the listing succeeded in %1 s.</source>
        <translation>%1 秒間、一覧のページを 1 つも取得できませんでした。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityModel</name>
    <message>
        <location filename="../core/model/opportunitymodel.cpp" line="+481"/>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Owner</source>
        <translation>担当者</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Project.Title, from the opportunity&apos;s details</source>
        <translation>Project.Title（商談の詳細から取得）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first member of the opportunity team, from its details</source>
        <translation>商談チームの最初のメンバー（商談の詳細から取得）</translation>
    </message>
    <message>
        <location line="+224"/>
        <source>The service sent a response that could not be read: %1</source>
        <translation>サービスから読み取れない応答が返されました: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityStoreDb</name>
    <message>
        <location filename="../core/store/opportunitystoredb.cpp" line="+361"/>
        <source>A sync is running on %1 (%2); the local copy was not deleted.</source>
        <translation>%1 で同期が実行中です（%2）。ローカルコピーは削除されませんでした。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not delete %1: %2</source>
        <translation>%1 を削除できませんでした: %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Could not create the folder %1 for the local copy.</source>
        <translation>ローカルコピー用のフォルダー %1 を作成できませんでした。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>There is no local copy at %1: run partnerdesk-cli sync first.</source>
        <translation>%1 にローカルコピーがありません。先に partnerdesk-cli sync を実行してください。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>it is not an SQLite database</source>
        <translation>SQLite データベースではありません</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not open the local copy %1: %2</source>
        <translation>ローカルコピー %1 を開けませんでした: %2</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>it needs an update, and its folder is read-only</source>
        <translation>更新が必要ですが、フォルダーが読み取り専用です</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The local copy %1 is unusable (%2) and could not be renamed aside.</source>
        <translation>ローカルコピー %1 は使用できない状態で（%2）、名前を変更して退避することもできませんでした。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The local copy %1 was unusable (%2). It was renamed to %3 and a new local copy is built.</source>
        <translation>ローカルコピー %1 は使用できない状態でした（%2）。%3 に名前を変更し、新しいローカルコピーを作成します。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Could not prepare the local copy %1: %2</source>
        <translation>ローカルコピー %1 を準備できませんでした: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>it was written by a newer PartnerDesk (schema %1; this one knows %2)</source>
        <translation>新しいバージョンの PartnerDesk で書き込まれています（スキーマ %1。このバージョンが認識するのは %2）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>it is not a PartnerDesk local copy</source>
        <translation>PartnerDesk のローカルコピーではありません</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>The local copy %1 is empty and its folder is read-only.</source>
        <translation>ローカルコピー %1 は空で、フォルダーが読み取り専用です。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>record whose data it holds</source>
        <translation>保持しているデータの所有元を記録する</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The local copy %1 holds catalog %2 of %3 at %4, not catalog %5 of %6 at %7; give another --store file.</source>
        <translation>ローカルコピー %1 には %4 の %3 のカタログ %2 が保存されており、%7 の %6 のカタログ %5 ではありません。別の --store ファイルを指定してください。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>the disk is full</source>
        <translation>ディスクがいっぱいです</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the file or its folder is read-only</source>
        <translation>ファイルまたはそのフォルダーが読み取り専用です</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a disk error (%1); the disk may be full</source>
        <translation>ディスクエラーです（%1）。ディスクがいっぱいの可能性があります</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not %1 in the local copy %2: %3. What it held before stays readable.</source>
        <translation>ローカルコピー %2 で%1ことができませんでした: %3。以前の内容は引き続き読み取れます。</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+17"/>
        <location line="+15"/>
        <location line="+91"/>
        <location line="+15"/>
        <source>read the opportunities</source>
        <translation>商談を読み取る</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+8"/>
        <location line="+8"/>
        <location line="+15"/>
        <source>record what was seen</source>
        <translation>確認した内容を記録する</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not sync the local copy %1: the file or its folder is read-only. What it held before stays readable.</source>
        <translation>ローカルコピー %1 を同期できませんでした。ファイルまたはそのフォルダーが読み取り専用です。以前の内容は引き続き読み取れます。</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+7"/>
        <location line="+7"/>
        <location line="+4"/>
        <location line="+8"/>
        <source>begin a sync</source>
        <translation>同期を開始する</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>store a page of opportunities</source>
        <translation>商談の 1 ページを保存する</translation>
    </message>
    <message>
        <location line="+185"/>
        <source>mark removed opportunities</source>
        <translation>削除された商談を記録する</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>end the sync</source>
        <translation>同期を終了する</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>record the end of a sync</source>
        <translation>同期の終了を記録する</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>this program</source>
        <translation>このプログラム</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>process %1 on %2</source>
        <translation>%2 のプロセス %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the lock file cannot be created: the folder is read-only</source>
        <translation>ロックファイルを作成できません。フォルダーが読み取り専用です</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another process</source>
        <translation>別のプロセス</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>keep the details of an opportunity</source>
        <translation>商談の詳細を保存する</translation>
    </message>
    <message>
        <location line="+78"/>
        <location line="+14"/>
        <source>read the kept details</source>
        <translation>保存済みの詳細を読み取る</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+8"/>
        <source>count a read request</source>
        <translation>読み取りリクエストを数える</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityText</name>
    <message>
        <location filename="../core/model/opportunitytext.cpp" line="+33"/>
        <source>AWS</source>
        <comment>catalog</comment>
        <translation>AWS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sandbox</source>
        <comment>catalog</comment>
        <translation>Sandbox</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prospect</source>
        <comment>stage</comment>
        <translation>見込み</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qualified</source>
        <comment>stage</comment>
        <translation>有望</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Technical Validation</source>
        <comment>stage</comment>
        <translation>技術検証</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Business Validation</source>
        <comment>stage</comment>
        <translation>ビジネス検証</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Committed</source>
        <comment>stage</comment>
        <translation>確約</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Launched</source>
        <comment>stage</comment>
        <translation>ローンチ済み</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed Lost</source>
        <comment>stage</comment>
        <translation>失注</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pending Submission</source>
        <comment>review status</comment>
        <translation>提出待ち</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Submitted</source>
        <comment>review status</comment>
        <translation>提出済み</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In Review</source>
        <comment>review status</comment>
        <translation>レビュー中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <comment>review status</comment>
        <translation>承認済み</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <comment>review status</comment>
        <translation>却下</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action Required</source>
        <comment>review status</comment>
        <translation>要対応</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Net New Business</source>
        <comment>opportunity type</comment>
        <translation>新規ビジネス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flat Renewal</source>
        <comment>opportunity type</comment>
        <translation>同条件での更新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expansion</source>
        <comment>opportunity type</comment>
        <translation>拡大</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer Deficiency</source>
        <comment>closed lost reason</comment>
        <translation>顧客側の不備</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delay / Cancellation of Project</source>
        <comment>closed lost reason</comment>
        <translation>プロジェクトの遅延 / 中止</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Legal / Tax / Regulatory</source>
        <comment>closed lost reason</comment>
        <translation>法務 / 税務 / 規制</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Google</source>
        <comment>closed lost reason</comment>
        <translation>競合に敗退 - Google</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Microsoft</source>
        <comment>closed lost reason</comment>
        <translation>競合に敗退 - Microsoft</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - SoftLayer</source>
        <comment>closed lost reason</comment>
        <translation>競合に敗退 - SoftLayer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - VMware</source>
        <comment>closed lost reason</comment>
        <translation>競合に敗退 - VMware</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Other</source>
        <comment>closed lost reason</comment>
        <translation>競合に敗退 - その他</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No Opportunity</source>
        <comment>closed lost reason</comment>
        <translation>商談なし</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On-Premises Deployment</source>
        <comment>closed lost reason</comment>
        <translation>オンプレミス導入</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Partner Gap</source>
        <comment>closed lost reason</comment>
        <translation>パートナー側の不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <comment>closed lost reason</comment>
        <translation>価格</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Security / Compliance</source>
        <comment>closed lost reason</comment>
        <translation>セキュリティ / コンプライアンス</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Technical Limitations</source>
        <comment>closed lost reason</comment>
        <translation>技術的な制約</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer Experience</source>
        <comment>closed lost reason</comment>
        <translation>顧客体験</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other</source>
        <comment>closed lost reason</comment>
        <translation>その他</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People, Relationship, Governance</source>
        <comment>closed lost reason</comment>
        <translation>人材、関係、ガバナンス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Product, Technology</source>
        <comment>closed lost reason</comment>
        <translation>製品、テクノロジー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Financial, Commercial</source>
        <comment>closed lost reason</comment>
        <translation>財務、商務</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aerospace</source>
        <comment>industry</comment>
        <translation>航空宇宙</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agriculture</source>
        <comment>industry</comment>
        <translation>農業</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automotive</source>
        <comment>industry</comment>
        <translation>自動車</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Computers and Electronics</source>
        <comment>industry</comment>
        <translation>コンピューター・エレクトロニクス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consumer Goods</source>
        <comment>industry</comment>
        <translation>消費財</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Education</source>
        <comment>industry</comment>
        <translation>教育</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Energy - Oil and Gas</source>
        <comment>industry</comment>
        <translation>エネルギー - 石油・ガス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Energy - Power and Utilities</source>
        <comment>industry</comment>
        <translation>エネルギー - 電力・公益</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Financial Services</source>
        <comment>industry</comment>
        <translation>金融サービス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gaming</source>
        <comment>industry</comment>
        <translation>ゲーム</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Government</source>
        <comment>industry</comment>
        <translation>官公庁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Healthcare</source>
        <comment>industry</comment>
        <translation>医療</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hospitality</source>
        <comment>industry</comment>
        <translation>ホスピタリティ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Life Sciences</source>
        <comment>industry</comment>
        <translation>ライフサイエンス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manufacturing</source>
        <comment>industry</comment>
        <translation>製造</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Marketing and Advertising</source>
        <comment>industry</comment>
        <translation>マーケティング・広告</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Media and Entertainment</source>
        <comment>industry</comment>
        <translation>メディア・エンターテインメント</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mining</source>
        <comment>industry</comment>
        <translation>鉱業</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Non-Profit Organization</source>
        <comment>industry</comment>
        <translation>非営利団体</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Professional Services</source>
        <comment>industry</comment>
        <translation>専門サービス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Real Estate and Construction</source>
        <comment>industry</comment>
        <translation>不動産・建設</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retail</source>
        <comment>industry</comment>
        <translation>小売</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Software and Internet</source>
        <comment>industry</comment>
        <translation>ソフトウェア・インターネット</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Telecommunications</source>
        <comment>industry</comment>
        <translation>通信</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transportation and Logistics</source>
        <comment>industry</comment>
        <translation>運輸・物流</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Travel</source>
        <comment>industry</comment>
        <translation>旅行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wholesale and Distribution</source>
        <comment>industry</comment>
        <translation>卸売・流通</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <comment>industry</comment>
        <translation>その他</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SaaS or PaaS</source>
        <comment>delivery model</comment>
        <translation>SaaS または PaaS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>BYOL or AMI</source>
        <comment>delivery model</comment>
        <translation>BYOL または AMI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Managed Services</source>
        <comment>delivery model</comment>
        <translation>マネージドサービス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Professional Services</source>
        <comment>delivery model</comment>
        <translation>プロフェッショナルサービス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resell</source>
        <comment>delivery model</comment>
        <translation>再販</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <comment>delivery model</comment>
        <translation>その他</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>monthly</source>
        <comment>spend frequency</comment>
        <translation>月額</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one-time</source>
        <comment>spend frequency</comment>
        <translation>一括</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last modified</source>
        <comment>sort key</comment>
        <translation>最終更新日時</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <comment>sort key</comment>
        <translation>作成日時</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identifier</source>
        <comment>sort key</comment>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company name</source>
        <comment>sort key</comment>
        <translation>会社名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target close date</source>
        <comment>sort key</comment>
        <translation>成約予定日</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ascending</source>
        <comment>sort order</comment>
        <translation>昇順</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Descending</source>
        <comment>sort order</comment>
        <translation>降順</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog</source>
        <translation>カタログ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partner CRM ID</source>
        <translation>パートナー CRM ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last modified</source>
        <translation>最終更新日時</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review status</source>
        <translation>レビューステータス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review status reason</source>
        <translation>レビューステータスの理由</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review comments</source>
        <translation>レビューコメント</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next steps</source>
        <translation>次のステップ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target close</source>
        <translation>成約予定日</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed lost reason</source>
        <translation>失注理由</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company</source>
        <translation>会社</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Industry</source>
        <translation>業種</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other industry</source>
        <translation>その他の業種</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Website</source>
        <translation>Web サイト</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>City</source>
        <translation>市区町村</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Postal code</source>
        <translation>郵便番号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State or region</source>
        <translation>州・地域</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Country</source>
        <translation>国</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivery models</source>
        <translation>提供モデル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expected spend</source>
        <translation>見込み支出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contract duration</source>
        <translation>契約期間</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration unit</source>
        <translation>期間の単位</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>months</source>
        <comment>contract duration unit</comment>
        <translation>か月</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>%1 %2</source>
        <comment>amount, frequency</comment>
        <translation>%2 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <comment>spend, target company</comment>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <location line="+50"/>
        <source>%n months</source>
        <comment>contract duration</comment>
        <translation>
            <numerusform>%nか月</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 %2</source>
        <comment>value, unit</comment>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::PartnerDeskProfiles</name>
    <message>
        <location filename="../core/aws/partnerdeskprofiles.cpp" line="+76"/>
        <source>The profile name is empty.</source>
        <translation>プロファイル名が空です。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The profile name is longer than %n character(s).</source>
        <translation>
            <numerusform>プロファイル名が %n 文字を超えています。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The profile name starts or ends with a space.</source>
        <translation>プロファイル名の先頭または末尾に空白があります。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The profile name may not contain “/”, “\” or control characters.</source>
        <translation>プロファイル名に「/」、「\」、制御文字は使用できません。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Profile %1 needs an access key id and a secret access key.</source>
        <translation>プロファイル %1 にはアクセスキー ID とシークレットアクセスキーが必要です。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No credential store is available.</source>
        <translation>利用できる認証情報ストアがありません。</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+10"/>
        <source>Profile %1 was not saved: %2</source>
        <translation>プロファイル %1 を保存できませんでした: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Profile %1 could not be written to %2.</source>
        <translation>プロファイル %1 を %2 に書き込めませんでした。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no PartnerDesk profile named %1.</source>
        <translation>%1 という名前の PartnerDesk プロファイルはありません。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Profile %1 was removed, but its secrets may remain in the keychain: %2</source>
        <translation>プロファイル %1 を削除しましたが、シークレットがキーチェーンに残っている可能性があります: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::PipelineReportOutput</name>
    <message>
        <location filename="../core/output/pipelinereportoutput.cpp" line="+34"/>
        <source>Could not write the output: %1</source>
        <translation>出力を書き込めませんでした: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ProxyServer</name>
    <message>
        <location filename="../core/http/proxysettings.cpp" line="+38"/>
        <source>The proxy URL “%1” is not valid: %2</source>
        <translation>プロキシ URL「%1」は無効です: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is empty.</source>
        <translation>空です。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>only http:// proxies are supported, not %1://. Requests to https endpoints travel encrypted through an http:// proxy.</source>
        <translation>対応しているのは http:// のプロキシだけで、%1:// には対応していません。https のエンドポイントへのリクエストは、http:// のプロキシ経由でも暗号化されて送信されます。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>expected http://[user:password@]host[:port].</source>
        <translation>http://[ユーザー:パスワード@]ホスト[:ポート] の形式で指定してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a proxy URL has no path, query or fragment.</source>
        <translation>プロキシ URL にパス、クエリ、フラグメントは指定できません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the port must be between 1 and 65535.</source>
        <translation>ポートは 1～65535 の範囲で指定してください。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ProxySettings</name>
    <message>
        <location line="+67"/>
        <source>%1 (The proxy came from %2.)</source>
        <translation>%1（プロキシの指定元: %2）</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ReadBudget</name>
    <message>
        <location filename="../core/store/readbudget.cpp" line="+165"/>
        <source>Reads in 24 h: %1 / %2</source>
        <translation>24 時間の読み取り: %1 / %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No read requests in the last 24 hours.</source>
        <translation>過去 24 時間の読み取りリクエストはありません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read requests in the last 24 hours, counted by PartnerDesk (the quota is %1 a day, shared by every read):</source>
        <translation>PartnerDesk が数えた過去 24 時間の読み取りリクエスト（クォータは 1 日 %1 で、すべての読み取りで共有されます）:</translation>
    </message>
</context>
<context>
    <name>Pd::Core::SavedView</name>
    <message>
        <location filename="../core/model/savedview.cpp" line="+69"/>
        <source>&quot;%1&quot; must be a string.</source>
        <translation>&quot;%1&quot; は文字列である必要があります。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&quot;localFilter&quot; must be an object.</source>
        <translation>&quot;localFilter&quot; はオブジェクトである必要があります。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&quot;localFilter&quot;: unknown kind &quot;%1&quot;.</source>
        <translation>&quot;localFilter&quot;: 不明な種類 &quot;%1&quot; です。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&quot;localFilter&quot;: unknown attention view &quot;%1&quot;.</source>
        <translation>&quot;localFilter&quot;: 不明な要注意ビュー &quot;%1&quot; です。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>A view needs a name (&quot;name&quot;, a non-empty string).</source>
        <translation>ビューには名前が必要です（&quot;name&quot;、空でない文字列）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>View &quot;%1&quot;: %2</source>
        <translation>ビュー「%1」: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;filters&quot; must be an object of ListOpportunities members.</source>
        <translation>&quot;filters&quot; は ListOpportunities のメンバーからなるオブジェクトである必要があります。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>filters.%1: %2</source>
        <translation>filters.%1: %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+4"/>
        <source>&quot;columns&quot; must be a list of column names.</source>
        <translation>&quot;columns&quot; は列名のリストである必要があります。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;sort&quot; must be {&quot;column&quot;: name, &quot;order&quot;: &quot;ascending&quot; or &quot;descending&quot;}.</source>
        <translation>&quot;sort&quot; は {&quot;column&quot;: 名前, &quot;order&quot;: &quot;ascending&quot; または &quot;descending&quot;} である必要があります。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Not valid JSON: %1 at offset %2.</source>
        <translation>有効な JSON ではありません: %1（オフセット %2）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not a PartnerDesk view file: a JSON object is expected.</source>
        <translation>PartnerDesk のビューファイルではありません。JSON オブジェクトが必要です。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not a PartnerDesk view file: &quot;version&quot; must be a positive whole number.</source>
        <translation>PartnerDesk のビューファイルではありません。&quot;version&quot; は正の整数である必要があります。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file is from a newer PartnerDesk (format version %1); this version reads format version %2.</source>
        <translation>このファイルは新しいバージョンの PartnerDesk のものです（形式バージョン %1）。このバージョンで読み込めるのは形式バージョン %2 です。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Not a PartnerDesk view file: &quot;view&quot; must be an object.</source>
        <translation>PartnerDesk のビューファイルではありません。&quot;view&quot; はオブジェクトである必要があります。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::SavedViews</name>
    <message>
        <location line="+20"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+10"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>%1: &quot;views&quot; must be a list.</source>
        <translation>%1: &quot;views&quot; はリストである必要があります。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ShapeJson::ShapeReader</name>
    <message>
        <location filename="../core/api/shapereader.cpp" line="+20"/>
        <source>%1 must be %2.</source>
        <translation>%1 は%2である必要があります。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>a string</source>
        <translation>文字列</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <location line="+7"/>
        <location filename="../core/api/shapereader.h" line="+97"/>
        <source>an object</source>
        <translation>オブジェクト</translation>
    </message>
    <message>
        <location filename="../core/api/shapereader.h" line="-67"/>
        <source>The response is not a JSON object.</source>
        <translation>応答が JSON オブジェクトではありません。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>a list</source>
        <translation>リスト</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The response is not valid JSON: %1.</source>
        <translation>応答が有効な JSON ではありません: %1。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ShellWords</name>
    <message>
        <location filename="../core/util/shellwords.cpp" line="+45"/>
        <source>The command line ends with a lone backslash.</source>
        <translation>コマンドラインが単独のバックスラッシュで終わっています。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The command line has an unterminated %1 quote.</source>
        <translation>コマンドラインに閉じられていない引用符 %1 があります。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::StaticCredentialsProvider</name>
    <message>
        <location filename="../core/aws/credentialsprovider.cpp" line="+11"/>
        <source>No access key is configured (%1).</source>
        <translation>アクセスキーが設定されていません（%1）。</translation>
    </message>
</context>
<context>
    <name>Pd::Core::StoreSync</name>
    <message>
        <location filename="../core/store/storesync.cpp" line="+116"/>
        <source>The local copy is not open.</source>
        <translation>ローカルコピーが開かれていません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No client to call the service with.</source>
        <translation>サービスを呼び出すクライアントがありません。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A sync of this local copy is running (%1); try again when it has finished.</source>
        <translation>このローカルコピーの同期が実行中です（%1）。終了してから再試行してください。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Could not open the local copy %1 for writing.</source>
        <translation>ローカルコピー %1 を書き込み用に開けませんでした。</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+82"/>
        <source>The sync was cancelled.</source>
        <translation>同期はキャンセルされました。</translation>
    </message>
</context>
<context>
    <name>Pd::Emulator::EmulatorServer</name>
    <message>
        <location filename="../emulator/emulatorserver.cpp" line="+90"/>
        <source>The emulator is already running.</source>
        <translation>エミュレーターはすでに実行中です。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Counts, fault intervals, latency and rate limit must not be negative.</source>
        <translation>件数、障害の間隔、レイテンシ、レート制限に負の値は指定できません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The bulk percentage must be between 0 and 100.</source>
        <translation>一括変更の割合は 0～100 の範囲で指定してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The throttling status must be 400 or 429.</source>
        <translation>スロットリングのステータスは 400 か 429 である必要があります。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The access key and the region must not be empty.</source>
        <translation>アクセスキーとリージョンは空にできません。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cannot write the log file %1: %2</source>
        <translation>ログファイル %1 に書き込めません: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot listen on 127.0.0.1:%1: %2</source>
        <translation>127.0.0.1:%1 で待ち受けできません: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cannot read the data file %1: %2</source>
        <translation>データファイル %1 を読み込めません: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The data file %1 is not a valid ListOpportunities response: %2</source>
        <translation>データファイル %1 は有効な ListOpportunities の応答ではありません: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Emulator::EmulatorThread</name>
    <message>
        <location filename="../emulator/emulatorthread.cpp" line="+22"/>
        <source>The emulator is already running.</source>
        <translation>エミュレーターはすでに実行中です。</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::AboutDialog</name>
    <message>
        <location filename="../ui/aboutdialog.cpp" line="+19"/>
        <location line="+33"/>
        <source>About PartnerDesk</source>
        <translation>PartnerDesk について</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Browse, filter, inspect and export AWS Partner Central opportunities.</source>
        <translation>AWS Partner Central の商談を閲覧、絞り込み、確認、エクスポートできます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Built with Qt %1, running on Qt %2.</source>
        <translation>Qt %1 でビルド、Qt %2 で実行中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Libraries and their licenses</source>
        <translation>ライブラリとライセンス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qt: GNU Lesser General Public License v3.0 (LGPL-3.0)</source>
        <translation>Qt: GNU Lesser General Public License v3.0（LGPL-3.0）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QtKeychain: BSD 3-Clause License</source>
        <translation>QtKeychain: BSD 3条項ライセンス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>simdjson: Apache License 2.0</source>
        <translation>simdjson: Apache License 2.0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PartnerDesk is not affiliated with Amazon Web Services. AWS and AWS Partner Central are trademarks of Amazon.com, Inc. or its affiliates.</source>
        <translation>PartnerDesk は Amazon Web Services とは提携していません。AWS および AWS Partner Central は Amazon.com, Inc. またはその関連会社の商標です。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::AttentionBar</name>
    <message>
        <location filename="../ui/attentionbar.cpp" line="+123"/>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 Of the loaded rows: %n.</source>
        <translation>
            <numerusform>%1 読み込み済みの行のうち %n 件。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep a local copy (Settings › Local Copy…) to see what changed since you last looked.</source>
        <translation>前回確認以降の変更を見るには、ローカルコピーを保持してください（［設定］›［ローカルコピー…］）。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1: %n opportunities</source>
        <translation>
            <numerusform>%1: %n 件の商談</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ChangesView</name>
    <message>
        <location filename="../ui/changesview.cpp" line="+57"/>
        <source>Since I last looked</source>
        <translation>前回確認以降</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last sync</source>
        <translation>前回の同期</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Last %n syncs</source>
        <translation>
            <numerusform>直近 %n 回の同期</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which changes to show</source>
        <translation>表示する変更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mark All as Seen</source>
        <translation>すべて確認済みにする(&amp;M)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Changed opportunities and their fields</source>
        <translation>変更された商談とそのフィールド</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity</source>
        <translation>商談</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation>変更</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Synced</source>
        <translation>同期日時</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>No local copy: changes are recorded when PartnerDesk keeps a local copy (Settings › Local Copy…).</source>
        <translation>ローカルコピーがありません。変更は PartnerDesk がローカルコピーを保持しているときに記録されます（［設定］›［ローカルコピー…］）。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No changes.</source>
        <translation>変更はありません。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n changes, newest first.</source>
        <translation>
            <numerusform>%n 件の変更（新しい順）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>new</source>
        <translation>新規</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>changed</source>
        <translation>変更</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>removed</source>
        <translation>削除</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ChartExport</name>
    <message>
        <location filename="../ui/chartexport.cpp" line="+29"/>
        <location line="+4"/>
        <location line="+10"/>
        <location line="+14"/>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めませんでした: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ConnectionDialog</name>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="+30"/>
        <source>Connection</source>
        <translation>接続</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Credentials</source>
        <translation>認証情報</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Automatic, like the AWS CLI</source>
        <translation>自動（AWS CLI と同じ）(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Environment variables, then AWS_PROFILE, then the &quot;default&quot; profile.</source>
        <translation>環境変数、AWS_PROFILE、&quot;default&quot; プロファイルの順に使用します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AWS CLI &amp;profile</source>
        <translation>AWS CLI プロファイル(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner&amp;Desk profile</source>
        <translation>PartnerDesk プロファイル(&amp;D)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>AWS CLI profile</source>
        <translation>AWS CLI プロファイル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Profiles in %1 and %2</source>
        <translation>%1 と %2 のプロファイル</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PartnerDesk profile</source>
        <translation>PartnerDesk プロファイル</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Service</source>
        <translation>サービス</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From the profile, else us-east-1</source>
        <translation>プロファイルの設定（なければ us-east-1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The region&apos;s standard endpoint</source>
        <translation>リージョンの標準エンドポイント</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Endpoint URL</source>
        <translation>エンドポイント URL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Region</source>
        <translation>リージョン(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Endpoint URL</source>
        <translation>エンドポイント URL(&amp;E)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proxy</source>
        <translation>プロキシ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ystem proxy settings</source>
        <translation>システムのプロキシ設定(&amp;Y)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTPS_PROXY, HTTP_PROXY and NO_PROXY when set, as the AWS CLI reads them; otherwise the desktop&apos;s proxy settings.</source>
        <translation>HTTPS_PROXY、HTTP_PROXY、NO_PROXY が設定されていれば AWS CLI と同じように使用し、設定されていなければデスクトップのプロキシ設定を使用します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;No proxy</source>
        <translation>プロキシなし(&amp;N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Manual proxy:</source>
        <translation>手動プロキシ(&amp;M):</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>http://user:password@proxy.example.com:3128</source>
        <translation>http://user:password@proxy.example.com:3128</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy URL</source>
        <translation>プロキシ URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A password in the proxy URL is kept in the system keychain, not in the settings, and is not shown again.</source>
        <translation>プロキシ URL 内のパスワードは設定ではなくシステムのキーチェーンに保存され、再表示されません。</translation>
    </message>
    <message>
        <location line="+153"/>
        <source>Through the proxy %1 (from %2).</source>
        <translation>プロキシ %1 経由（指定元: %2）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Directly, without a proxy.</source>
        <translation>プロキシを使わずに直接接続します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connects to %1 (region %2) with credentials from %3.</source>
        <translation>%1（リージョン %2）に接続します。認証情報: %3。</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DateRangeEdit</name>
    <message>
        <location filename="../ui/daterangeedit.cpp" line="+47"/>
        <source>After</source>
        <comment>date filter bound</comment>
        <translation>以降</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before</source>
        <comment>date filter bound</comment>
        <translation>以前</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: use the After bound</source>
        <translation>%1: 「以降」の条件を使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: use the Before bound</source>
        <translation>%1: 「以前」の条件を使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 after</source>
        <translation>%1 以降</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 before</source>
        <translation>%1 以前</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>“After” must not be later than “Before”.</source>
        <translation>「以降」は「以前」より後にできません。</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailPane</name>
    <message>
        <location filename="../ui/detailpane.cpp" line="+71"/>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+107"/>
        <source>Opportunity details</source>
        <translation>商談の詳細</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>Select an opportunity to see all its details here.</source>
        <translation>商談を選択すると、ここに詳細がすべて表示されます。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Opportunity</source>
        <translation>商談</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity id</source>
        <translation>商談 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the opportunity id</source>
        <translation>商談 ID をコピー</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity ARN</source>
        <translation>商談の ARN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the ARN</source>
        <translation>ARN をコピー</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner CRM ID</source>
        <translation>パートナー CRM ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>カタログ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last modified</source>
        <translation>最終更新日時</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lifecycle</source>
        <translation>ライフサイクル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review status</source>
        <translation>レビューステータス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review comments</source>
        <translation>レビューコメント</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review status reason</source>
        <translation>レビューステータスの理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next steps</source>
        <translation>次のステップ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target close</source>
        <translation>成約予定日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed lost reason</source>
        <translation>失注理由</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>会社</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Industry</source>
        <translation>業種</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Website</source>
        <translation>Web サイト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Project</source>
        <translation>プロジェクト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery models</source>
        <translation>提供モデル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected spend</source>
        <translation>見込み支出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract duration</source>
        <translation>契約期間</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>History (local copy)</source>
        <translation>履歴（ローカルコピー）</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>AWS (production)</source>
        <translation>AWS（本番）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sandbox (testing)</source>
        <translation>Sandbox（テスト）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 (overdue)</source>
        <translation>%1（期限切れ）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: %2</source>
        <comment>industry, other industry</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>estimate</source>
        <translation>見積もり</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailSections</name>
    <message>
        <location filename="../ui/detailsections.cpp" line="+93"/>
        <source>Project details</source>
        <translation>プロジェクトの詳細</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer business problem</source>
        <translation>顧客のビジネス課題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use case</source>
        <translation>ユースケース</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales activities</source>
        <translation>営業活動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Competitors</source>
        <translation>競合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>APN programs</source>
        <translation>APN プログラム</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS products</source>
        <translation>AWS 製品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solutions</source>
        <translation>ソリューション</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing</source>
        <translation>マーケティング</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Software revenue</source>
        <translation>ソフトウェア収益</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People</source>
        <translation>関係者</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer contacts</source>
        <translation>顧客の連絡先</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity team</source>
        <translation>商談チーム</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next steps history</source>
        <translation>次のステップの履歴</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeline</source>
        <translation>タイムライン</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AWS side</source>
        <translation>AWS 側</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Engagement score</source>
        <translation>エンゲージメントスコア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next best actions</source>
        <translation>推奨される次のアクション</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Involvement type</source>
        <translation>関与の種類</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS stage</source>
        <translation>AWS のステージ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS team</source>
        <translation>AWS チーム</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Loading the details…</source>
        <translation>詳細を読み込んでいます…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading AWS&apos;s view…</source>
        <translation>AWS 側の情報を読み込んでいます…</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Waiting for the read quota (%n s)…</source>
        <translation>
            <numerusform>読み取りクォータを待っています（%n 秒）…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not allowed: %1 needs the IAM permission partnercentral:%1. Browsing and the table are not affected.</source>
        <translation>許可されていません: %1 には IAM のアクセス許可 partnercentral:%1 が必要です。閲覧と表には影響ありません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not load (%1): %2</source>
        <translation>読み込めませんでした（%1）: %2</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Source: %1</source>
        <translation>ソース: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Campaign: %1</source>
        <translation>キャンペーン: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Channels: %1</source>
        <translation>チャネル: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use cases: %1</source>
        <translation>ユースケース: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>AWS funding used: %1</source>
        <translation>利用した AWS の資金提供: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 to %2</source>
        <translation>%1～%2</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>No AWS summary yet.</source>
        <translation>AWS の概要はまだありません。</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailsEnrichment</name>
    <message>
        <location filename="../ui/detailsenrichment.cpp" line="+64"/>
        <source>Read requests in the last 24 hours</source>
        <translation>過去 24 時間の読み取りリクエスト</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Titles and owners cannot be filled in: %1</source>
        <translation>タイトルと担当者を取得できません: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Titles and owners paused: their share of the daily read quota (%1 %) is spent.</source>
        <translation>タイトルと担当者の取得を一時停止しました。1 日の読み取りクォータのうち割り当て分（%1%）を使い切りました。</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ErrorBanner</name>
    <message>
        <location filename="../ui/errorbanner.cpp" line="+18"/>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Retr&amp;y</source>
        <translation>再試行(&amp;Y)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry the failed request</source>
        <translation>失敗したリクエストを再試行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Connection…</source>
        <translation>接続(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the connection settings</source>
        <translation>接続設定を開く</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss the error</source>
        <translation>エラーを閉じる</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 (HTTP %2)</source>
        <translation>%1（HTTP %2）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The filters are not valid</source>
        <translation>フィルターが無効です</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection settings problem</source>
        <translation>接続設定に問題があります</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network error</source>
        <translation>ネットワークエラー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service did not answer in time</source>
        <translation>サービスが時間内に応答しませんでした</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unexpected response from the service</source>
        <translation>サービスから予期しない応答がありました</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>キャンセルしました</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP error %1</source>
        <translation>HTTP エラー %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request failed</source>
        <translation>リクエストが失敗しました</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your IAM identity needs the action partnercentral:ListOpportunities for this catalog.</source>
        <translation>この IAM ID には、このカタログに対するアクション partnercentral:ListOpportunities が必要です。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the access key, the secret key and the system clock, or choose another profile under Connection.</source>
        <translation>アクセスキー、シークレットキー、システムの時計を確認するか、「接続」で別のプロファイルを選択してください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The account&apos;s read quota (10 requests per second, 100,000 per day) is used up. Retry in a moment.</source>
        <translation>アカウントの読み取りクォータ（毎秒 10 リクエスト、1 日 100,000 リクエスト）を使い切りました。しばらくしてから再試行してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check the network connection and the endpoint, then retry.</source>
        <translation>ネットワーク接続とエンドポイントを確認してから、再試行してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The problems are also shown next to the filters.</source>
        <translation>問題はフィルターの横にも表示されます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a profile, region or endpoint under Settings › Connection.</source>
        <translation>［設定］›［接続］でプロファイル、リージョン、エンドポイントを選択してください。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>• %1: %2</source>
        <translation>• %1: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The rows loaded so far (%1) are kept.</source>
        <translation>これまでに読み込んだ行（%1 行）はそのまま残ります。</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ExportDialog</name>
    <message>
        <location filename="../ui/exportdialog.cpp" line="+66"/>
        <location line="+184"/>
        <location line="+24"/>
        <location line="+25"/>
        <location line="+49"/>
        <source>Export to CSV</source>
        <translation>CSV にエクスポート</translation>
    </message>
    <message>
        <location line="-278"/>
        <source>File to write</source>
        <translation>書き込むファイル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>参照(&amp;B)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the file to write</source>
        <translation>書き込むファイルを選択</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;File:</source>
        <translation>ファイル(&amp;F):</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loads the pages not loaded yet first. Rows hidden by the quick filter are left out.</source>
        <translation>まだ読み込んでいないページを先に読み込みます。クイックフィルターで非表示の行は含まれません。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Options</source>
        <translation>オプション</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Neutralise spreadsheet formulas (recommended)</source>
        <translation>スプレッドシートの数式を無効化する（推奨）(&amp;N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cells beginning with = + - @ get a leading apostrophe so that spreadsheet programs do not run them as formulas.</source>
        <translation>= + - @ で始まるセルの先頭にアポストロフィを付け、スプレッドシートで数式として実行されないようにします。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a byte order &amp;mark (for Microsoft Excel)</source>
        <translation>バイトオーダーマークを付ける（Microsoft Excel 用）(&amp;M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Without it, Excel may read the UTF-8 file in a legacy encoding.</source>
        <translation>付けないと、Excel が UTF-8 のファイルを古い文字コードで読み込むことがあります。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the table&apos;s column &amp;titles instead of field names</source>
        <translation>フィールド名の代わりに表の列見出しを使う(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Field names such as LifeCycle.Stage are stable and match partnerdesk-cli; titles follow the language of PartnerDesk.</source>
        <translation>LifeCycle.Stage などのフィールド名は固定で、partnerdesk-cli と同じです。列見出しは PartnerDesk の表示言語になります。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cells hold the values exactly as the service sent them: API values, ISO dates and plain amounts.</source>
        <translation>セルには、サービスから送られたとおりの値（API の値、ISO 形式の日付、書式なしの金額）が入ります。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Export</source>
        <translation>エクスポート(&amp;E)</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>&amp;Selected rows (%1)</source>
        <translation>選択した行（%1）(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Loaded rows (%1)</source>
        <translation>読み込み済みの行（%1）(&amp;L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;All rows matching the filters (loads the remaining pages)</source>
        <translation>フィルターに一致するすべての行（残りのページを読み込みます）(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;All rows matching the filters (%1)</source>
        <translation>フィルターに一致するすべての行（%1）(&amp;A)</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>The %n visible columns, in table order</source>
        <translation>
            <numerusform>表示中の %n 列（表の順序）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>All %n fields, as partnerdesk-cli --output csv writes them</source>
        <translation>
            <numerusform>全 %n フィールド（partnerdesk-cli --output csv と同じ）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+45"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV ファイル (*.csv);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>“%1” already exists. Replace it?</source>
        <translation>「%1」はすでに存在します。置き換えますか?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Replace</source>
        <translation>置き換える(&amp;R)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Preparing the export…</source>
        <translation>エクスポートを準備しています…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loading every matching opportunity… %1 loaded</source>
        <translation>一致するすべての商談を読み込んでいます…（%1 件読み込み済み）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Writing %1 of %2 rows…</source>
        <translation>%2 行中 %1 行を書き込んでいます…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading every matching opportunity…</source>
        <translation>一致するすべての商談を読み込んでいます…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Nothing was exported.</source>
        <translation>何もエクスポートされませんでした。</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::FilterPanel</name>
    <message>
        <location filename="../ui/filterpanel.cpp" line="+132"/>
        <source>AWS (production)</source>
        <translation>AWS（本番）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sandbox (testing)</source>
        <translation>Sandbox（テスト）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>カタログ</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stages</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review statuses</source>
        <translation>レビューステータス</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Catalo&amp;g</source>
        <translation>カタログ(&amp;G)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>S&amp;tage</source>
        <translation>ステージ(&amp;T)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review stat&amp;us</source>
        <translation>レビューステータス(&amp;U)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>One name per line (up to %1)</source>
        <translation>1 行に 1 社（最大 %1 社）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company names, one per line</source>
        <translation>会社名（1 行に 1 社）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>C&amp;ompany names</source>
        <translation>会社名(&amp;O)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Matched by the service, not by PartnerDesk; AWS does not document how (exact, prefix or case).</source>
        <translation>照合は PartnerDesk ではなくサービス側で行われます。照合方法（完全一致、前方一致、大文字と小文字の区別）は AWS のドキュメントに記載されていません。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>O1234567 O7654321 … (up to %1)</source>
        <translation>O1234567 O7654321 …（最大 %1 件）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity identifiers</source>
        <translation>商談 ID</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Identifiers</source>
        <translation>ID(&amp;I)</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Last modified</source>
        <translation>最終更新日時</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Target close date</source>
        <translation>成約予定日</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sort by</source>
        <translation>並べ替えの基準</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sort order</source>
        <translation>並べ替えの順序</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sort &amp;by</source>
        <translation>並べ替え(&amp;B)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Server-side filters</source>
        <translation>サーバー側のフィルター</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Apply</source>
        <translation>適用(&amp;A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filters also apply by themselves shortly after each change.</source>
        <translation>フィルターは変更するたびに少し経つと自動的にも適用されます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply filters</source>
        <translation>フィルターを適用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reset</source>
        <translation>リセット(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reset filters</source>
        <translation>フィルターをリセット</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>“%1”</source>
        <comment>a company name as sent</comment>
        <translation>「%1」</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent to the service: %1</source>
        <translation>サービスに送信: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LanguageSettings</name>
    <message>
        <location filename="../ui/languagesettings.cpp" line="+158"/>
        <source>Lan&amp;guage</source>
        <translation>言語(&amp;G)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>As the &amp;System (%1)</source>
        <translation>システムに合わせる（%1）(&amp;S)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PartnerDesk will use the new language the next time it starts.</source>
        <translation>新しい言語は PartnerDesk の次回起動時に反映されます。</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LocalCopy</name>
    <message>
        <location filename="../ui/localcopy.cpp" line="+566"/>
        <source>A sync of this local copy is running in another PartnerDesk window; these rows are as of its last sync.</source>
        <translation>このローカルコピーの同期が別の PartnerDesk ウィンドウで実行中です。表示中の行は前回の同期時点のものです。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>just now</source>
        <translation>たった今</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 時間前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n days ago</source>
        <translation>
            <numerusform>%n 日前</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not synced yet</source>
        <translation>未同期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synced %1</source>
        <translation>同期: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Local copy · synced %1</source>
        <translation>ローカルコピー · %1 に同期</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LocalCopyDialog</name>
    <message>
        <location filename="../ui/localcopydialog.cpp" line="+25"/>
        <source>Local Copy</source>
        <translation>ローカルコピー</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keep a local copy of the opportunities</source>
        <translation>商談のローカルコピーを保持する(&amp;K)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PartnerDesk opens at once on the last synced rows, filters and sorts them without asking the service, and shows what changed.</source>
        <translation>PartnerDesk は前回同期した行ですぐに開き、サービスに問い合わせずに絞り込みと並べ替えを行い、変更点を表示します。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default: PartnerDesk&apos;s data folder</source>
        <translation>既定: PartnerDesk のデータフォルダー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>参照(&amp;B)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Local copy folder</source>
        <translation>ローカルコピーのフォルダー</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> days</source>
        <translation> 日</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When PartnerDesk &amp;starts</source>
        <translation>PartnerDesk の起動時(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Every</source>
        <translation>一定間隔(&amp;E)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> minutes</source>
        <translation> 分ごと</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Only by &amp;hand (View › Refresh, F5)</source>
        <translation>手動のみ（［表示］›［更新］、F5）(&amp;H)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Offer a full sync once a &amp;week</source>
        <translation>週に 1 回、完全同期を提案する(&amp;W)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A full sync lists every opportunity again and marks the ones you can no longer see as removed.</source>
        <translation>完全同期ではすべての商談をもう一度一覧表示し、表示できなくなった商談を削除済みとして記録します。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No local copy is open.</source>
        <translation>開いているローカルコピーはありません。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In use: %1</source>
        <translation>使用中: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Forget Local Data…</source>
        <translation>ローカルデータを消去(&amp;F)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deletes the local copy and its history of changes. The service&apos;s data is not touched.</source>
        <translation>ローカルコピーとその変更履歴を削除します。サービス側のデータには影響しません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folder:</source>
        <translation>フォルダー:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep history for:</source>
        <translation>履歴の保持期間:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync:</source>
        <translation>同期:</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Forget Local Data</source>
        <translation>ローカルデータの消去</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the local copy of the opportunities and its history of changes?</source>
        <translation>商談のローカルコピーとその変更履歴を削除しますか?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service&apos;s data is not touched; the next sync lists everything again.</source>
        <translation>サービス側のデータには影響しません。次回の同期ですべてを再度一覧表示します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Delete</source>
        <translation>削除(&amp;D)</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="+86"/>
        <location line="+680"/>
        <source>PartnerDesk</source>
        <translation>PartnerDesk</translation>
    </message>
    <message>
        <location line="-675"/>
        <source>The proxy password: %1</source>
        <translation>プロキシのパスワード: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Table</source>
        <translation>テーブル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pipeline</source>
        <translation>パイプライン</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Filters</source>
        <translation>フィルター</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Details</source>
        <translation>詳細</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Changes</source>
        <translation>変更</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>DEMO</source>
        <translation>デモ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo mode: generated opportunities from PartnerDesk&apos;s built-in emulator. Nothing is sent to AWS.</source>
        <translation>デモモード: PartnerDesk 内蔵のエミュレーターが生成した商談です。AWS には何も送信されません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Demo mode</source>
        <translation>デモモード</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Filters, sorting and the quick filter work on the local copy of every opportunity, without asking the service.</source>
        <translation>フィルター、並べ替え、クイックフィルターは、サービスに問い合わせずにすべての商談のローカルコピーに対して動作します。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sorted: loaded rows only  ✕</source>
        <translation>並べ替え: 読み込み済みの行のみ  ✕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This column cannot be sorted by the service, so only the rows loaded so far are sorted. Click to return to the service&apos;s order.</source>
        <translation>この列はサービス側で並べ替えできないため、読み込み済みの行だけを並べ替えています。クリックするとサービスの順序に戻ります。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sorted locally, loaded rows only. Press to clear.</source>
        <translation>ローカルで並べ替え済み（読み込み済みの行のみ）。押すと解除します。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Only the loaded rows of the part of the pipeline picked in a chart, or of an attention view. Click to show every row again.</source>
        <translation>グラフで選択したパイプラインの部分、または要注意ビューに該当する読み込み済みの行だけを表示しています。クリックするとすべての行を再表示します。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Filter loaded rows (Ctrl+F)</source>
        <translation>読み込み済みの行を絞り込む (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick filter over the loaded rows</source>
        <translation>読み込み済みの行のクイックフィルター</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Searches the rows already loaded: id, partner CRM id, company, stage, review status, type, industry, city, country and next steps. Use the Filters panel to ask the service.</source>
        <translation>読み込み済みの行から、ID、パートナー CRM ID、会社、ステージ、レビューステータス、種類、業種、市区町村、国、次のステップを検索します。サービスに問い合わせるには［フィルター］パネルを使用してください。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the opportunities to a CSV file</source>
        <translation>商談を CSV ファイルに書き出します</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select &amp;All Loaded Rows</source>
        <translation>読み込み済みの行をすべて選択(&amp;A)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Find in Loaded Rows</source>
        <translation>読み込み済みの行を検索(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Edit Filters</source>
        <translation>フィルターを編集(&amp;E)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Table</source>
        <translation>テーブル(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;ipeline</source>
        <translation>パイプライン(&amp;I)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Refresh</source>
        <translation>更新(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Load All Pages</source>
        <translation>全ページを読み込む(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Stop Loading</source>
        <translation>読み込みを停止(&amp;S)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reset &amp;Columns</source>
        <translation>列をリセット(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset &amp;Window Layout</source>
        <translation>ウィンドウ配置をリセット(&amp;W)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Connection…</source>
        <translation>接続(&amp;C)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Profiles…</source>
        <translation>プロファイル(&amp;P)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Local Copy…</source>
        <translation>ローカルコピー(&amp;O)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About PartnerDesk</source>
        <translation>PartnerDesk について(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Loading</source>
        <translation>読み込み中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel loading</source>
        <translation>読み込みをキャンセル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load More</source>
        <translation>さらに読み込む</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the next page</source>
        <translation>次のページを読み込む</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel Sync</source>
        <translation>同期をキャンセル</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Filtered to %1. Press to show every row.</source>
        <translation>%1 で絞り込み中。押すとすべての行を表示します。</translation>
    </message>
    <message numerus="yes">
        <location line="+81"/>
        <source>Exported %n opportunities to %1</source>
        <translation>
            <numerusform>%n 件の商談を %1 にエクスポートしました</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>エクスポートをキャンセルしました。何も書き込まれていません。</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>The last full sync is more than a week old. A full sync also finds the opportunities you can no longer see.</source>
        <translation>前回の完全同期から 1 週間以上経過しています。完全同期では、表示できなくなった商談も検出されます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fu&amp;ll Sync</source>
        <translation>完全同期(&amp;K)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Try Agai&amp;n</source>
        <translation>再試行(&amp;Y)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The sync failed; the rows shown are from the last one. %1</source>
        <translation>同期に失敗しました。表示中の行は前回の同期時点のものです。%1</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n opportunities became Action Required or Rejected: %1</source>
        <translation>
            <numerusform>%n 件の商談が「要対応」または「却下」になりました: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The local copy could not be deleted: %1</source>
        <translation>ローカルコピーを削除できませんでした: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleted the local copy %1</source>
        <translation>ローカルコピー %1 を削除しました</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>SANDBOX · test data</source>
        <translation>SANDBOX · テストデータ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AWS · production</source>
        <translation>AWS · 本番</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog %1: every request names this catalog. Change it in the Filters panel.</source>
        <translation>カタログ %1: すべてのリクエストでこのカタログを指定します。［フィルター］パネルで変更できます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalog: %1</source>
        <translation>カタログ: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>PartnerDesk — %1 catalog (demo)</source>
        <translation>PartnerDesk — %1 カタログ（デモ）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PartnerDesk — %1 catalog</source>
        <translation>PartnerDesk — %1 カタログ</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not connected</source>
        <translation>未接続</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading…</source>
        <translation>読み込んでいます…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No opportunities match these filters</source>
        <translation>これらのフィルターに一致する商談はありません</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 loaded · more available</source>
        <translation>%1 件読み込み済み · さらにあります</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 loaded · more coming</source>
        <translation>%1 件読み込み済み · さらに読み込み中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 loaded · all</source>
        <translation>%1 件読み込み済み · すべて</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> · %1 shown</source>
        <translation> · %1 件を表示</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting for quota…</source>
        <translation>クォータを待っています…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The service asked PartnerDesk to slow down (ThrottlingException); it retries by itself.</source>
        <translation>サービスから PartnerDesk に速度を落とすよう要求がありました（ThrottlingException）。自動的に再試行します。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading all pages…</source>
        <translation>全ページを読み込んでいます…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading page…</source>
        <translation>ページを読み込んでいます…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Syncing: waiting for quota…</source>
        <translation>同期中: クォータを待っています…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syncing… %1 rows</source>
        <translation>同期中… %1 行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opening the local copy…</source>
        <translation>ローカルコピーを開いています…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Last page: %1 ms</source>
        <translation>最後のページ: %1 ミリ秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fetched %1</source>
        <translation>取得 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First page of this listing fetched %1</source>
        <translation>この一覧の最初のページの取得日時: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::NoticeBar</name>
    <message>
        <location filename="../ui/noticebar.cpp" line="+24"/>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::OpportunityExporter</name>
    <message>
        <location filename="../ui/opportunityexporter.cpp" line="+108"/>
        <source>There is no table to export.</source>
        <translation>エクスポートする表がありません。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No file name was given.</source>
        <translation>ファイル名が指定されていません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“%1” cannot be written: %2</source>
        <translation>「%1」に書き込めません: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Not connected: the remaining pages cannot be loaded. Export the loaded rows instead, or connect first.</source>
        <translation>未接続のため、残りのページを読み込めません。読み込み済みの行をエクスポートするか、先に接続してください。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Not every page could be loaded, so nothing was written: %1</source>
        <translation>一部のページを読み込めなかったため、何も書き込んでいません: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading stopped before the last page (the filters changed or loading was stopped), so nothing was written.</source>
        <translation>最後のページの前に読み込みが止まったため（フィルターが変更されたか、読み込みが停止されました）、何も書き込んでいません。</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+51"/>
        <source>The table was closed during the export.</source>
        <translation>エクスポート中に表が閉じられました。</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>The table was reloaded during the export, so nothing was written.</source>
        <translation>エクスポート中に表が再読み込みされたため、何も書き込んでいません。</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+25"/>
        <location line="+19"/>
        <source>Writing “%1” failed: %2</source>
        <translation>「%1」の書き込みに失敗しました: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::OpportunityTableView</name>
    <message>
        <location filename="../ui/opportunitytableview.cpp" line="+124"/>
        <source>Opportunities</source>
        <translation>商談</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>&amp;Copy Cell</source>
        <translation>セルをコピー(&amp;C)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy &amp;Rows with Headers</source>
        <translation>見出し付きで行をコピー(&amp;R)</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Reset Columns to Default</source>
        <translation>列を既定に戻す(&amp;R)</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::PipelineChartView</name>
    <message>
        <location filename="../ui/pipelinechartview.cpp" line="+29"/>
        <location line="+138"/>
        <source>Copy Chart</source>
        <translation>グラフをコピー</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Export Chart…</source>
        <translation>グラフをエクスポート…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 図形 (*.svg)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+10"/>
        <source>Export Chart</source>
        <translation>グラフのエクスポート</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::PipelineView</name>
    <message>
        <location filename="../ui/pipelineview.cpp" line="+112"/>
        <source>Spend currency:</source>
        <translation>支出の通貨:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Currency of the monthly spend chart</source>
        <translation>月間支出グラフの通貨</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count Every Opportunity</source>
        <translation>すべての商談を数える</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the remaining pages of the listing (View › Load All Pages), so the charts count every matching opportunity.</source>
        <translation>一覧の残りのページを読み込み（［表示］›［全ページを読み込む］）、一致するすべての商談をグラフに集計します。</translation>
    </message>
    <message numerus="yes">
        <location line="+245"/>
        <source>%n opportunities loaded so far</source>
        <translation>
            <numerusform>これまでに %n 件の商談を読み込み済み</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n opportunities</source>
        <translation>
            <numerusform>%n 件の商談</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n spend entries without a valid amount left out</source>
        <translation>
            <numerusform>有効な金額のない支出 %n 件を除外</numerusform>
        </translation>
    </message>
    <message>
        <location line="-222"/>
        <location line="+343"/>
        <source>Opportunities by stage and review status</source>
        <translation>ステージ・レビューステータス別の商談</translation>
    </message>
    <message numerus="yes">
        <location line="+57"/>
        <source>%1 · %2: %n opportunities</source>
        <translation>
            <numerusform>%1 · %2: %n 件の商談</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>In this stage: %n opportunities</source>
        <translation>
            <numerusform>このステージ: %n 件の商談</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Monthly spend in this stage: %1</source>
        <translation>このステージの月間支出: %1</translation>
    </message>
    <message>
        <location line="-404"/>
        <location line="+422"/>
        <source>Monthly expected spend by stage</source>
        <translation>ステージ別の月間見込み支出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly expected spend by stage (%1)</source>
        <translation>ステージ別の月間見込み支出（%1）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 × 10^%2</source>
        <translation>%1 × 10^%2</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%1: %2 monthly, from %n spend entries</source>
        <translation>
            <numerusform>%1: 月額 %2（支出 %n 件から）</numerusform>
        </translation>
    </message>
    <message>
        <location line="-464"/>
        <location line="+476"/>
        <source>Open opportunities by target close month</source>
        <translation>成約予定月別の未完了の商談</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+95"/>
        <source>Overdue</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>Due</source>
        <translation>期限内</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%1: %n open opportunities</source>
        <translation>
            <numerusform>%1: 未完了の商談 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="-499"/>
        <location line="+507"/>
        <source>Time since the last change</source>
        <translation>最終変更からの経過時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunities</source>
        <translation>商談</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Changed %1 ago: %n opportunities</source>
        <translation>
            <numerusform>%1前に変更: %n 件の商談</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Closed-lost reasons: none in these rows</source>
        <translation>失注理由: これらの行にはありません</translation>
    </message>
    <message>
        <location line="-529"/>
        <location line="+530"/>
        <source>Closed-lost reasons</source>
        <translation>失注理由</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%1: %n closed-lost opportunities (%2 %)</source>
        <translation>
            <numerusform>%1: 失注した商談 %n 件（%2%）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>(no stage)</source>
        <translation>（ステージなし）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no review status)</source>
        <translation>（レビューステータスなし）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Later</source>
        <translation>それ以降</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>0–7 days</source>
        <translation>0～7 日</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>8–30 days</source>
        <translation>8～30 日</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>31–90 days</source>
        <translation>31～90 日</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>91+ days</source>
        <translation>91 日以上</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no reason)</source>
        <translation>（理由なし）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no currency)</source>
        <translation>（通貨なし）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stage: %1 · Review: %2</source>
        <translation>ステージ: %1 · レビュー: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stage: %1 · Spend in %2</source>
        <translation>ステージ: %1 · 支出（%2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Target close: %1</source>
        <translation>成約予定: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last change: %1 ago</source>
        <translation>最終変更: %1前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed lost: %1</source>
        <translation>失注: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ProfilesDialog</name>
    <message>
        <location filename="../ui/profilesdialog.cpp" line="+62"/>
        <source>Profiles</source>
        <translation>プロファイル</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PartnerDesk profiles</source>
        <translation>PartnerDesk のプロファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New</source>
        <translation>新規(&amp;N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New profile</source>
        <translation>新しいプロファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>De&amp;lete</source>
        <translation>削除(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the selected profile</source>
        <translation>選択したプロファイルを削除</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>AWS CLI profiles, read-only</source>
        <translation>AWS CLI のプロファイル（読み取り専用）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From %1 and %2. Change them with “aws configure”.</source>
        <translation>%1 と %2 から読み込みます。変更するには「aws configure」を使用してください。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Partner&amp;Desk profiles</source>
        <translation>PartnerDesk のプロファイル(&amp;D)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A&amp;WS CLI profiles (read-only)</source>
        <translation>AWS CLI のプロファイル（読み取り専用）(&amp;W)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Profile name</source>
        <translation>プロファイル名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Access key ID</source>
        <translation>アクセスキー ID</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Secret access key</source>
        <translation>シークレットアクセスキー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored only in the system keychain.</source>
        <translation>システムのキーチェーンにのみ保存されます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored only in the system keychain, never in a settings file.</source>
        <translation>システムのキーチェーンにのみ保存され、設定ファイルには保存されません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Session token (optional)</source>
        <translation>セッショントークン（省略可）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only for temporary credentials</source>
        <translation>一時的な認証情報の場合のみ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Region (optional)</source>
        <translation>リージョン（省略可）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Endpoint URL (optional)</source>
        <translation>エンドポイント URL（省略可）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The region&apos;s standard endpoint</source>
        <translation>リージョンの標準エンドポイント</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Na&amp;me:</source>
        <translation>名前(&amp;M):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access &amp;key ID:</source>
        <translation>アクセスキー ID(&amp;K):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Secret access key:</source>
        <translation>シークレットアクセスキー(&amp;S):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session t&amp;oken:</source>
        <translation>セッショントークン(&amp;O):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Region:</source>
        <translation>リージョン(&amp;R):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Endpoint URL:</source>
        <translation>エンドポイント URL(&amp;E):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sa&amp;ve</source>
        <translation>保存(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the profile</source>
        <translation>プロファイルを保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Test Connection</source>
        <translation>接続をテスト(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test the connection for both catalogs</source>
        <translation>両方のカタログで接続をテスト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lists one opportunity of each catalog (AWS and Sandbox).</source>
        <translation>各カタログ（AWS と Sandbox）の商談を 1 件ずつ一覧表示します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Use This Profile</source>
        <translation>このプロファイルを使用(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect with this profile</source>
        <translation>このプロファイルで接続</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connection test result</source>
        <translation>接続テストの結果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy IAM &amp;Policy</source>
        <translation>IAM ポリシーをコピー(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy a least-privilege IAM policy</source>
        <translation>最小権限の IAM ポリシーをコピー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies a policy that allows partnercentral:ListOpportunities on the AWS and Sandbox catalogs.</source>
        <translation>AWS と Sandbox のカタログで partnercentral:ListOpportunities を許可するポリシーをコピーします。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The IAM policy is on the clipboard.</source>
        <translation>IAM ポリシーをクリップボードにコピーしました。</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>New PartnerDesk profile</source>
        <translation>新しい PartnerDesk プロファイル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The secret access key and the session token are stored in the %1; the other fields in PartnerDesk&apos;s settings.</source>
        <translation>シークレットアクセスキーとセッショントークンは%1に、その他の項目は PartnerDesk の設定に保存されます。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>AWS CLI profile “%1”</source>
        <translation>AWS CLI プロファイル「%1」</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read-only here. PartnerDesk uses it as the AWS CLI would.</source>
        <translation>ここでは読み取り専用です。PartnerDesk は AWS CLI と同じように使用します。</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+129"/>
        <source>PartnerDesk profile “%1”</source>
        <translation>PartnerDesk プロファイル「%1」</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Reading the secrets of %1 from the %2…</source>
        <translation>%2から %1 のシークレットを読み込んでいます…</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>An AWS CLI profile is already called %1, and it would take precedence. Choose another name.</source>
        <translation>%1 という AWS CLI プロファイルがすでにあり、そちらが優先されます。別の名前を指定してください。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A PartnerDesk profile called %1 already exists.</source>
        <translation>%1 という PartnerDesk プロファイルはすでに存在します。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the access key ID.</source>
        <translation>アクセスキー ID を入力してください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the secret access key.</source>
        <translation>シークレットアクセスキーを入力してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+114"/>
        <source>“%1” is not a valid region name.</source>
        <translation>「%1」は有効なリージョン名ではありません。</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>“%1” is not a valid endpoint URL.</source>
        <translation>「%1」は有効なエンドポイント URL ではありません。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Saving %1…</source>
        <translation>%1 を保存しています…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Profile %1 saved; its secret access key is in the %2.</source>
        <translation>プロファイル %1 を保存しました。シークレットアクセスキーは%2に保存されています。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Delete Profile</source>
        <translation>プロファイルの削除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the profile %1 and its secrets in the %2?</source>
        <translation>プロファイル %1 と、%2内のそのシークレットを削除しますか?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Delete</source>
        <translation>削除(&amp;D)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deleting %1…</source>
        <translation>%1 を削除しています…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Profile %1 deleted.</source>
        <translation>プロファイル %1 を削除しました。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Enter the access key ID and the secret access key first.</source>
        <translation>先にアクセスキー ID とシークレットアクセスキーを入力してください。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the keys entered here</source>
        <translation>ここに入力したキー</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Testing %1 (region %2)…</source>
        <translation>%1（リージョン %2）をテストしています…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Catalog %1: testing…</source>
        <translation>カタログ %1: テスト中…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Connection test passed.</source>
        <translation>接続テストに成功しました。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection test failed.</source>
        <translation>接続テストに失敗しました。</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::SavedViewsDialog</name>
    <message>
        <location filename="../ui/savedviewsdialog.cpp" line="+22"/>
        <source>Manage Views</source>
        <translation>ビューの管理</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved views</source>
        <translation>保存済みのビュー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Apply</source>
        <translation>適用(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rename…</source>
        <translation>名前の変更(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>削除(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+3"/>
        <source>Rename View</source>
        <translation>ビューの名前の変更</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>New name:</source>
        <translation>新しい名前:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“%1” is empty or already the name of a view.</source>
        <translation>「%1」は空か、すでにビューの名前として使われています。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete View</source>
        <translation>ビューの削除</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete the view “%1”?</source>
        <translation>ビュー「%1」を削除しますか?</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+4"/>
        <source>Export View</source>
        <translation>ビューのエクスポート</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>PartnerDesk views (*.pdview.json *.json)</source>
        <translation>PartnerDesk のビュー (*.pdview.json *.json)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 (start view)</source>
        <translation>%1（開始ビュー）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&amp;Clear Start View</source>
        <translation>開始ビューを解除(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set as &amp;Start View</source>
        <translation>開始ビューに設定(&amp;S)</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::StageProgressStrip</name>
    <message>
        <location filename="../ui/stageprogressstrip.cpp" line="+22"/>
        <source>Stage progress</source>
        <translation>ステージの進捗</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Closed lost</source>
        <translation>失注</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage %1 of %2: %3</source>
        <translation>ステージ %1/%2: %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No stage</source>
        <translation>ステージなし</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ViewsMenu</name>
    <message>
        <location filename="../ui/viewsmenu.cpp" line="+54"/>
        <source>PartnerDesk views (*.pdview.json *.json)</source>
        <translation>PartnerDesk のビュー (*.pdview.json *.json)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vie&amp;ws</source>
        <translation>ビュー(&amp;W)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Save Current View…</source>
        <translation>現在のビューを保存(&amp;S)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Manage Views…</source>
        <translation>ビューの管理(&amp;M)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import View…</source>
        <translation>ビューをインポート(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport Current View…</source>
        <translation>現在のビューをエクスポート(&amp;X)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy as AWS CLI Command</source>
        <translation>AWS CLI コマンドとしてコピー(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the aws partnercentral-selling list-opportunities command for the filters the service applies; filters on the loaded rows follow as a comment</source>
        <translation>サービスが適用するフィルターの aws partnercentral-selling list-opportunities コマンドをコピーします。読み込み済みの行に対するフィルターはコメントとして付加されます</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+182"/>
        <source>Saved views: %1</source>
        <translation>保存済みのビュー: %1</translation>
    </message>
    <message>
        <location line="-121"/>
        <source>View “%1” applied</source>
        <translation>ビュー「%1」を適用しました</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The view could not be saved.</source>
        <translation>ビューを保存できませんでした。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>quick filter “%1”</source>
        <translation>クイックフィルター「%1」</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 (start view)</source>
        <translation>%1（開始ビュー）</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Save Current View</source>
        <translation>現在のビューの保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the view (filters, local filter, columns and sort):</source>
        <translation>ビューの名前（フィルター、ローカルフィルター、列、並べ替え）:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>View “%1” saved</source>
        <translation>ビュー「%1」を保存しました</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Import View</source>
        <translation>ビューのインポート</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import failed: %1</source>
        <translation>インポートに失敗しました: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>View</source>
        <translation>ビュー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Current View</source>
        <translation>現在のビューのエクスポート</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported to %1</source>
        <translation>%1 にエクスポートしました</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>AWS CLI command copied</source>
        <translation>AWS CLI コマンドをコピーしました</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::WelcomeDialog</name>
    <message>
        <location filename="../ui/welcomedialog.cpp" line="+19"/>
        <location line="+6"/>
        <source>Welcome to PartnerDesk</source>
        <translation>PartnerDesk へようこそ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PartnerDesk found no AWS credentials: no keys in the environment, no AWS CLI profile in ~/.aws and no PartnerDesk profile.

Set up a profile with an access key (the secret goes to the system keychain), or look around with generated demo data first; nothing is sent to AWS in the demo.</source>
        <translation>AWS の認証情報が見つかりませんでした（環境変数のキー、~/.aws の AWS CLI プロファイル、PartnerDesk のプロファイルのいずれもありません）。

アクセスキーでプロファイルを設定するか（シークレットはシステムのキーチェーンに保存されます）、まず生成されたデモデータで操作を試してください。デモでは AWS に何も送信されません。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Set Up a Profile…</source>
        <translation>プロファイルを設定(&amp;S)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try the &amp;Demo</source>
        <translation>デモを試す(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Later</source>
        <translation>後で(&amp;L)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+71"/>
        <source>Browse, filter and inspect AWS Partner Central opportunities.</source>
        <translation>AWS Partner Central の商談を閲覧、絞り込み、確認します。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Browse generated demo data served by a built-in emulator; nothing is sent to AWS.</source>
        <translation>内蔵エミュレーターが生成するデモデータを閲覧します。AWS には何も送信されません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use the AWS CLI or PartnerDesk profile &lt;name&gt;.</source>
        <translation>AWS CLI または PartnerDesk のプロファイル &lt;name&gt; を使用します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the AWS region &lt;region&gt;.</source>
        <translation>AWS リージョン &lt;region&gt; を使用します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>region</source>
        <translation>region</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send requests to &lt;url&gt; instead of the region&apos;s endpoint.</source>
        <translation>リージョンのエンドポイントの代わりに &lt;url&gt; にリクエストを送信します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use the language &lt;code&gt; (en, de, fr, es, ja, pt_BR) instead of the system&apos;s or the saved one.</source>
        <translation>システムや保存済みの言語の代わりに、言語 &lt;code&gt;（en、de、fr、es、ja、pt_BR）を使用します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open on the &lt;view&gt;: table (default) or pipeline.</source>
        <translation>ビュー &lt;view&gt; で開きます: table（既定）または pipeline。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>view</source>
        <translation>view</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Unknown view &apos;%1&apos;: choose table or pipeline.</source>
        <translation>不明なビュー「%1」です。table または pipeline を指定してください。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The demo service did not start: %1</source>
        <translation>デモサービスを起動できませんでした: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Demo data</source>
        <translation>デモデータ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PartnerDesk</source>
        <translation>PartnerDesk</translation>
    </message>
</context>
</TS>
